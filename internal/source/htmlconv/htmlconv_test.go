package htmlconv

import (
	"fmt"
	"strings"
	"testing"
)

func TestWordPress(t *testing.T) {
	images := func(src string) (string, bool) {
		if strings.HasSuffix(src, "/local-300x200.jpg") {
			return "2018/06/local.jpg", true
		}
		return "", false
	}
	gallery := func(attrs map[string]string) string {
		return "<p>GALLERY " + strings.Join(GalleryIDs(attrs), " ") + "</p>"
	}
	tests := []struct {
		name     string
		in       string
		want     []string
		exclude  []string
		warnings int
	}{
		{
			name: "autop",
			in:   "First line\nsecond line\n\nSecond paragraph",
			want: []string{"First line  \nsecond line\n\nSecond paragraph\n"},
		},
		{
			name:    "a tag over blank lines stays a tag",
			in:      "<div\n\n  class=\"\n  image-block\"\n\n  data-note=\"<p>a note</p>\" >\n<img src=\"https://blog.example/wp-content/uploads/2018/06/local-300x200.jpg\" alt=\"Lake\"\n\n  />\n</div>\n\nAfter, a < b and\n\nc > d.",
			want:    []string{"![Lake](2018/06/local.jpg)", "After, a &lt; b and\n\nc &gt; d."},
			exclude: []string{"class=", "data-note", "image-block"},
		},
		{
			name:    "what shows without scripts is shown, a notice asking for them is not",
			in:      `<div class="chart"><noscript><img src="https://blog.example/wp-content/uploads/2018/06/local-300x200.jpg" alt="Answers"></noscript></div><p>A <noscript><b>static</b></noscript> word. <noscript>Please enable JavaScript to see the comments.</noscript></p>`,
			want:    []string{"![Answers](2018/06/local.jpg)", "A **static** word."},
			exclude: []string{"JavaScript", "noscript"},
		},
		{
			name:    "block comments",
			in:      "<!-- wp:paragraph -->\n<p>One</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:paragraph -->\n<p>Two</p>\n<!-- /wp:paragraph -->",
			want:    []string{"One\n\nTwo\n"},
			exclude: []string{"wp:", "<!--"},
		},
		{
			name:    "caption",
			in:      `[caption id="attachment_7" align="aligncenter" width="300"]<a href="https://blog.example/wp-content/uploads/2018/06/local.jpg"><img src="https://blog.example/wp-content/uploads/2018/06/local-300x200.jpg" alt="Lake" /></a> The lake at dawn[/caption]`,
			want:    []string{"![Lake](2018/06/local.jpg)", "*The lake at dawn*"},
			exclude: []string{"[caption", "[/caption]"},
		},
		{
			name:    "an image's title is a tooltip, not a second caption",
			in:      `[caption id="attachment_9" caption="The build board"]<img src="https://blog.example/wp-content/uploads/2018/06/local-300x200.jpg" title="Board" alt="A build board" />[/caption] <a href="https://shop.example/b"><img src="https://blog.example/wp-content/uploads/2018/06/local-300x200.jpg" title="Cover" alt="Cover" /></a>`,
			want:    []string{"![A build board](2018/06/local.jpg)", "*The build board*", "[![Cover](2018/06/local.jpg)](https://shop.example/b)"},
			exclude: []string{`"Board"`, `"Cover"`},
		},
		{
			name:    "numbered code: the numbers' cell goes, the code stays",
			in:      "<figure class=\"code\"><div class=\"highlight\"><table><tr><td class=\"gutter\"><pre class=\"line-numbers\"><span class=\"line-number\">1</span>\n<span class=\"line-number\">2</span>\n</pre></td><td class=\"code\"><pre><code class=\"c\"><span class=\"line\">int a;</span>\n<span class=\"line\">a++;</span></code></pre></td></tr></table></div></figure>\n<p>Then.</p>",
			want:    []string{"```\nint a;\na++;\n```", "Then."},
			exclude: []string{"| 1", "1\n2", "---"},
		},
		{
			name: "a table of numbers is a table",
			in:   "<table><tr><td><pre>1 2</pre></td><td>three</td></tr></table>",
			want: []string{"three"},
		},
		{
			name:    "caption attribute",
			in:      `[caption caption="Old style"]<img src="https://x.example/a.png" alt="" />[/caption]`,
			want:    []string{"[Image: a.png](https://x.example/a.png)", "*Old style*"},
			exclude: []string{"[caption"},
		},
		{
			name: "gallery",
			in:   `Look: [gallery ids="3,4" columns="2"]`,
			want: []string{"GALLERY 3 4"},
		},
		{
			name:     "gallery without filler",
			in:       `Look: [gallery ids="3,4"]`,
			exclude:  []string{"gallery"},
			warnings: 1,
		},
		{
			name: "embed",
			in:   "[embed]https://www.youtube.com/watch?v=abc[/embed]",
			want: []string{"[https://www.youtube.com/watch?v=abc](https://www.youtube.com/watch?v=abc)"},
		},
		{
			name:    "code",
			in:      "[code language=\"go\"]\nif a < b && c {\n\n\treturn\n}\n[/code]",
			want:    []string{"```go\nif a < b && c {\n\n\treturn\n}\n```"},
			exclude: []string{"<br", "&lt;"},
		},
		{
			name: "audio and video",
			in:   `[audio mp3="https://x.example/ep1.mp3"][/audio] [video src="https://x.example/clip.mp4"]`,
			want: []string{"[Audio: ep1.mp3](https://x.example/ep1.mp3)", "[Video: clip.mp4](https://x.example/clip.mp4)"},
		},
		{
			name:     "unknown shortcode",
			in:       `Before [contact-form to="me@x"] after [note]kept[/note].`,
			want:     []string{"Before", "after kept."},
			exclude:  []string{"contact-form", "[note"},
			warnings: 2,
		},
		{
			name: "brackets that are not shortcodes",
			in:   "Quoted [sic] and [1] and [[caption]] stay.",
			want: []string{`Quoted \[sic] and \[1] and \[caption] stay.`},
		},
		{
			name:    "entities",
			in:      "Caf&eacute;&nbsp;cr&egrave;me &amp; tea &#8211; fin",
			want:    []string{"Café\u00a0crème & tea – fin"},
			exclude: []string{"&nbsp;", "&amp;"},
		},
		{
			name:    "unclosed tags",
			in:      "<p>Hello <b>bold <i>both</p><ul><li>one<li>two</ul>",
			want:    []string{"Hello **bold *both***", "- ***one***\n- ***two***"},
			exclude: []string{"<b", "<li"},
		},
		{
			name: "block editor image, embed and code",
			in: `<!-- wp:image {"id":21} --><figure class="wp-block-image"><img src="https://blog.example/wp-content/uploads/2018/06/local-300x200.jpg" alt="Lake" class="wp-image-21"/><figcaption>At dawn</figcaption></figure><!-- /wp:image -->

<!-- wp:embed {"url":"https://www.youtube.com/watch?v=abc"} --><figure class="wp-block-embed"><div class="wp-block-embed__wrapper">
https://www.youtube.com/watch?v=abc
</div></figure><!-- /wp:embed -->

<!-- wp:code --><pre class="wp-block-code"><code>x := 1 &lt; 2</code></pre><!-- /wp:code -->`,
			want:    []string{"![Lake](2018/06/local.jpg)", "*At dawn*", "https://www.youtube.com/watch?v=abc", "```\nx := 1 < 2\n```"},
			exclude: []string{"wp:", "<!--", "<p>"},
		},
		{
			name: "embed tags a generator left unrendered",
			in:   "<p>Watch: {% youtube Rk3pier %} and {{< gist quay 9f1 >}}; {% raffle %} stays.</p><pre><code>{% tweet 5 %}</code></pre>",
			want: []string{"Watch: [Video on YouTube: youtube.com/watch?v=Rk3pier](https://www.youtube.com/watch?v=Rk3pier) and [Gist by quay](https://gist.github.com/quay/9f1)",
				"{% raffle %} stays", "{% tweet 5 %}"},
			exclude: []string{"{% youtube", "{{<"},
		},
		{
			name:    "players and scripts",
			in:      `<iframe src="https://player.vimeo.com/video/1"></iframe><script>alert(1)</script><p>text</p>`,
			want:    []string{"[Video on Vimeo: vimeo.com/1](https://vimeo.com/1)", "text"},
			exclude: []string{"alert"},
		},
		{
			name: "an old Flash object is a link to its movie",
			in:   `<object width="480"><param name="movie" value="http://player.example/v/1"></param><embed src="http://player.example/v/1" type="application/x-shockwave-flash"></embed></object>`,
			want: []string{"(http://player.example/v/1)"},
		},
		{
			name: "a gist's script is a link to the gist; a counter's goes",
			in: `<p>Code:</p><script src="https://gist.github.com/someone/12ab.js?file=main.go"></script>` +
				`<script async src="https://stats.example/count.js"></script>`,
			want:    []string{"[Gist by someone: main.go](https://gist.github.com/someone/12ab)"},
			exclude: []string{"stats", "count"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var warnings []string
			opts := Options{Image: images, Warn: func(f string, a ...any) { warnings = append(warnings, fmt.Sprintf(f, a...)) }}
			if tt.name != "gallery without filler" {
				opts.Gallery = gallery
			}
			got, err := WordPress(tt.in, opts)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("output lacks %q:\n%s", w, got)
				}
			}
			for _, x := range tt.exclude {
				if strings.Contains(got, x) {
					t.Errorf("output holds %q:\n%s", x, got)
				}
			}
			if len(warnings) != tt.warnings {
				t.Errorf("warnings = %q, want %d", warnings, tt.warnings)
			}
		})
	}
}

func FuzzWordPress(f *testing.F) {
	for _, s := range []string{
		`[caption id="a" width="3"]<img src="x.png" alt="y" /> z[/caption]`,
		"[gallery ids=\"1,2\"] [embed]https://x[/embed] [code lang=go]a<b[/code]",
		"<!-- wp:paragraph --><p>x</p><!-- /wp:paragraph -->\n\ntext\nline",
		"[[caption]] [audio mp3=x] [video] [youtube=abc] [x y='z' /] [/caption] [caption]",
		"<pre>a\n\nb</pre><p><b>unclosed",
		"a {% youtube x %} b {%- gist u/1 f.rb -%}<code>{% vimeo 2 %}</code>{{< tweet user=\"a\" id=\"3\" >}}{% tweet %}",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		opts := Options{
			Image:   func(src string) (string, bool) { return "img.png", strings.HasSuffix(src, ".png") },
			Gallery: func(attrs map[string]string) string { return "<p>g</p>" },
			Warn:    func(string, ...any) {},
		}
		if _, err := WordPress(in, opts); err != nil {
			t.Fatalf("WordPress(%q): %v", in, err)
		}
	})
}

func TestOpening(t *testing.T) {
	tests := []struct{ in, want string }{
		{"<p>Posting from my phone now. More later.</p>", "Posting from my phone now"},
		{"<p>Is it on? Yes.</p>", "Is it on?"},
		{"<p></p><p>  First   words</p><p>Second</p>", "First words"},
		{"<p>A note that goes on and on without any full stop for a long while, longer than a title</p>", "A note that goes on and on without any full stop for a long…"},
		{"<pre>code first</pre><p>Then text.</p>", "Then text"},
		{"<script>x()</script>", ""},
		{"<p>v1.2 is out</p>", "v1.2 is out"},
		{"<p>終わった。次へ</p>", "終わった。"},
	}
	for _, tt := range tests {
		if got := Opening(tt.in, 60); got != tt.want {
			t.Errorf("Opening(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
