package dialect

import (
	"fmt"
	"strings"
	"testing"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/markup"
)

// xhtml rewrites src and renders it as the EPUB does, new lines left out.
func xhtml(t *testing.T, src string, opts Options) (string, []string) {
	t.Helper()
	md, problems := Rewrite([]byte(src), opts)
	out, err := markup.Parse(&book.Post{ID: "p", Source: "t.md", Body: md}).XHTML(markup.XHTMLOptions{
		Image: func(src string) (string, bool) { return "images/" + strings.TrimPrefix(src, "/"), true },
	})
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, p := range problems {
		msgs = append(msgs, fmt.Sprintf("%d: %s", p.Line, p.Msg))
	}
	return strings.ReplaceAll(out, "\n", ""), msgs
}

var testSite = map[string]any{"title": "Notes", "baseurl": "/blog", "params": map[string]any{"editor": "Ann"}}

var testPage = map[string]any{"title": "On Bikes", "tags": []any{"a", "b"}, "Mood": "calm"}

func TestRewrite(t *testing.T) {
	custom := map[string]Rule{
		"figureproc": {As: AsFigure},
		"post":       {As: AsText},
		"box":        {As: AsQuote, Label: "Aside"},
		"bookmark":   {As: AsLink},
		"ad":         {As: AsDrop},
		"snippet":    {As: AsCode},
		"youtube":    {As: AsDrop}, // a rule wins over the built-in meaning
	}
	tests := []struct {
		name     string
		src      string
		rules    map[string]Rule
		want     string
		problems []string
	}{
		// Images.
		{name: "hugo figure", src: `{{< figure src="/img/a.png" caption="A **nice** photo" alt="Alt" >}}`,
			want: `<figure><img alt="Alt" src="images/img/a.png"/><figcaption>A <strong>nice</strong> photo</figcaption></figure>`},
		{name: "figure with title and link", src: `{{< figure src="a.png" title="T" link="https://x.org" >}}`,
			want: `<figure><a href="https://x.org"><img alt="T" src="images/a.png"/></a><figcaption>T</figcaption></figure>`},
		{name: "multi-line figure, positional img", src: "Before.\n{{< figure\n   src=\"b.png\"\n   caption=\"Two lines\" >}}\nAfter.\n\n{% img /c.png \"C\" %}",
			want: `<p>Before.</p><figure><img alt="Two lines" src="images/b.png"/><figcaption>Two lines</figcaption></figure><p>After.</p><p><img alt="" src="images/c.png"/></p>`},
		{name: "figure without src", src: `{{< figure caption="x" >}}`,
			want: ``, problems: []string{"1: removed {{< figure >}} without an image source"}},
		// Code.
		{name: "hugo highlight", src: "{{< highlight go \"linenos=table\" >}}\nfunc main() {}\n{{< /highlight >}}",
			want: `<pre><code class="language-go">func main() {}</code></pre>`},
		{name: "liquid highlight keeps tags and backticks", src: "{% highlight ruby linenos %}\ndef x\n  \"{{ y }}\" + ```z```\nend\n{% endhighlight %}",
			want: "<pre><code class=\"language-ruby\">def x  \"{{ y }}\" + ```z```end</code></pre>"},
		{name: "raw inside highlight shows its content", src: "{% highlight html %}\n{% raw %}\n<a href=\"{{ page.path }}\">History</a>\n{% endraw %}\n{% endhighlight %}",
			want: `<pre><code class="language-html">&lt;a href="{{ page.path }}"&gt;History&lt;/a&gt;</code></pre>`},
		{name: "raw markers inline in highlight", src: "{% highlight liquid %}\n  {% raw %}{{ x }}{% endraw %} and {%- raw -%}{% if %}{%- endraw -%}\n{% endhighlight %}",
			want: `<pre><code class="language-liquid">  {{ x }} and {% if %}</code></pre>`},
		{name: "hugo highlight keeps raw as written", src: "{{< highlight liquid >}}\n{% raw %}x{% endraw %}\n{{< /highlight >}}",
			want: `<pre><code class="language-liquid">{% raw %}x{% endraw %}</code></pre>`},
		{name: "octopress codeblock", src: "{% codeblock lang:sh %}\nls -l\n{% endcodeblock %}",
			want: `<pre><code class="language-sh">ls -l</code></pre>`},
		{name: "highlight in a block quote", src: "> {{< highlight sh >}}\n> ls\n> {{< /highlight >}}",
			want: `<blockquote><pre><code class="language-sh">ls</code></pre></blockquote>`},
		// Notes.
		{name: "note", src: "{{% note %}}\nCareful *here*.\n{{% /note %}}\nAfter.",
			want: `<blockquote><p><strong>Note</strong></p><p>Careful <em>here</em>.</p></blockquote><p>After.</p>`},
		{name: "notice in a list", src: "- item\n\n  {{% notice warning \"Heads up\" %}}\n  in a list\n  {{% /notice %}}\n- next",
			want: `<ul><li><p>item</p><blockquote><p><strong>Heads up</strong></p><p>in a list</p></blockquote></li><li><p>next</p></li></ul>`},
		{name: "alert with nested shortcode", src: "{{< alert color=\"warning\" >}}See {{< vimeo 1 >}}.{{< /alert >}}",
			want: `<blockquote><p><strong>Warning</strong></p><p>See <a href="https://vimeo.com/1">Video on Vimeo: vimeo.com/1</a>.</p></blockquote>`},
		// Embeds.
		{name: "youtube", src: "{{< youtube w7Ft2ymGmfc >}}",
			want: `<p><a href="https://www.youtube.com/watch?v=w7Ft2ymGmfc">Video on YouTube: youtube.com/watch?v=w7Ft2ymGmfc</a></p>`},
		{name: "youtube named with title", src: `{{< youtube id="w7Ft2ymGmfc" title="A talk" >}}`,
			want: `<p><a href="https://www.youtube.com/watch?v=w7Ft2ymGmfc">Video on YouTube: A talk</a></p>`},
		{name: "jekyll youtube url", src: "{% youtube https://www.youtube.com/watch?v=abc %}",
			want: `<p><a href="https://www.youtube.com/watch?v=abc">Video on YouTube: youtube.com/watch?v=abc</a></p>`},
		{name: "tweet", src: `{{< tweet user="SanDiegoZoo" id="1453110110599868418" >}}`,
			want: `<p><a href="https://twitter.com/SanDiegoZoo/status/1453110110599868418">Post by @SanDiegoZoo on X (Twitter)</a></p>`},
		{name: "old tweet", src: "{{< tweet 1453110110599868418 >}}",
			want: `<p><a href="https://twitter.com/i/status/1453110110599868418">Post on X (Twitter), status 1453110110599868418</a></p>`},
		{name: "hugo gist", src: "{{< gist spf13 7896402 \"img.html\" >}}",
			want: `<p><a href="https://gist.github.com/spf13/7896402">Gist by spf13: img.html</a></p>`},
		{name: "jekyll gist", src: "{% gist parkr/931c1c8d465a04042403 jekyll-private-gists.md %}",
			want: `<p><a href="https://gist.github.com/parkr/931c1c8d465a04042403">Gist by parkr: jekyll-private-gists.md</a></p>`},
		{name: "instagram", src: "{{< instagram BWNjjyYFxVx >}}",
			want: `<p><a href="https://www.instagram.com/p/BWNjjyYFxVx/">Post on Instagram: BWNjjyYFxVx</a></p>`},
		{name: "embed", src: `{% embed https://example.org/demo %}`,
			want: `<p><a href="https://example.org/demo">Embedded content: https://example.org/demo</a></p>`},
		{name: "youtube without id", src: "{{< youtube >}}",
			want: ``, problems: []string{"1: removed {{< youtube >}}: no id or address to link to"}},
		// Links between posts.
		{name: "ref and relref", src: `[see]({{< ref "posts/foo.md" >}}) and [that]({{< relref "bar.md#part" >}})`,
			want: `<p><a href="posts/foo.md">see</a> and <a href="bar.md#part">that</a></p>`},
		{name: "post_url, after the baseurl", src: "[a]({% post_url 2010-07-21-name %}) [b]({{ site.baseurl }}{% post_url /sub/2010-07-21-other %})",
			want: `<p><a href="name">a</a> <a href="other">b</a></p>`},
		{name: "jekyll link", src: "[l]({% link _posts/2016-07-26-name.md %})",
			want: `<p><a href="_posts/2016-07-26-name.md">l</a></p>`},
		// Raw, comments, code.
		{name: "raw", src: "{% raw %}{{ page.title }} and {% if x %}{% endraw %}",
			want: `<p>{{ page.title }} and {% if x %}</p>`},
		{name: "comment", src: "{% comment %}secret {{ x }}{% endcomment %}visible",
			want: `<p>visible</p>`, problems: []string{"1: removed {% comment %} block"}},
		{name: "code spans and fences are left alone", src: "`{{< figure >}}` and\n\n```\n{% raw %}{{ x }}{% endraw %}\n{{</* figure */>}}\n```",
			want: `<p><code>{{&lt; figure &gt;}}</code> and</p><pre><code>{{ x }}{{&lt; figure &gt;}}</code></pre>`},
		{name: "a raw block shows a raw tag", src: "say `{% raw %}{% raw %}{% endraw %}` and `{% raw %}{{ x }}{% endraw %}`",
			want: `<p>say <code>{% raw %}</code> and <code>{{ x }}</code></p>`},
		{name: "escaped shortcode shows as text", src: `Write {{</* figure src="x" */>}} in a post.`,
			want: `<p>Write {{&lt; figure src=“x” &gt;}} in a post.</p>`},
		// Variables.
		{name: "site and page variables", src: `{{ site.title }}, {{ page.title }}, {{ page.mood | upcase }}, {{ page.tags }}, {{ site.params.editor }}`,
			want: `<p>Notes, On Bikes, CALM, a, b, Ann</p>`},
		{name: "a variable over two lines", src: "See [#12]({{ site.baseurl\n}}/issues/12) or {{ not a\nvariable }}.",
			want: `<p>See <a href="/blog/issues/12">#12</a> or {{ not avariable }}.</p>`}, // the helper drops line breaks
		{name: "address filters", src: `![x]({{ "/a.png" | relative_url }}) {{ site.nope | default: "d" }}`,
			want: `<p><img alt="x" src="images/blog/a.png"/> d</p>`},
		{name: "unknown variables and filters", src: "{{ site.missing }}|{{ content }}|{{ page.title | shout }}",
			want: `<p>||On Bikes</p>`, problems: []string{
				"1: removed {{ site.missing }}: neither the site's config nor the book file sets it (site: in anthology.yaml)",
				"1: removed {{ content }}: only site and page variables have a value in a book",
				`1: ignored the Liquid filter "shout" in {{ page.title | shout }}`}},
		{name: "param", src: `By {{< param "editor" >}}, {{< param mood >}}. {{< param nothing >}}`,
			want: `<p>By Ann, calm.</p>`, problems: []string{
				`1: removed {{< param >}} for "nothing": neither the post's front matter nor site.params in the book file sets it`}},
		// Removed tags.
		{name: "include and unknown tags", src: "{% include foo.html %}\n{% include bar.html %}\n{{< gallery dir=\"x\" >}}\n{% endif %}",
			want: ``, problems: []string{
				"1: removed {% include %}: the site's templates are not part of the book",
				"2: removed {% include %}: the site's templates are not part of the book",
				"3: removed unknown shortcode {{< gallery >}}",
				"4: removed {% endif %}, which closes no open tag"}},
		{name: "includes of templates with a meaning", src: "{% include figure image_path=\"/f.png\" caption=\"Fig\" %}\n{% include youtube.html id=\"abc\" %}\n\n{% include note.html content=\"Mind the gap.\" %}",
			want: `<figure><img alt="Fig" src="images/f.png"/><figcaption>Fig</figcaption></figure><p><a href="https://www.youtube.com/watch?v=abc">Video on YouTube: youtube.com/watch?v=abc</a></p><blockquote><p><strong>Note</strong></p><p>Mind the gap.</p></blockquote>`},
		{name: "scripts go, styles keep what they style", src: "Before.\n\n{{< script >}}\nconst a = { b: '{{ x }}' };\n{{< /script >}}\n\n{{< style \"text-align: center;\" div >}}\n![A lamp](lamp.png)\n{{< /style >}}\n\n{{< script >}}run(){{< /script >}}After.",
			want: `<p>Before.</p><p><img alt="A lamp" src="images/lamp.png"/></p><p>After.</p>`, problems: []string{
				"3: removed {{< script >}} block: a book runs no scripts",
				"11: removed {{< script >}} block: a book runs no scripts"}},
		{name: "unknown paired tag keeps its content", src: "{{< mybox title=\"Box\" >}}inner *md*{{< /mybox >}}",
			want: `<p>inner <em>md</em></p>`, problems: []string{"1: removed unknown shortcode {{< mybox >}} (its content is kept)"}},
		{name: "a link to edit the page keeps its text", src: `Please {% github_edit_link "add it" %}.`,
			want: `<p>Please add it.</p>`},
		// The book file's rules.
		{name: "custom figure", rules: custom, src: `{{< figureproc src="p.jpg" caption="Mine" >}}`,
			want: `<figure><img alt="Mine" src="images/p.jpg"/><figcaption>Mine</figcaption></figure>`},
		{name: "custom text wrapper", rules: custom, src: "{{% post %}}\nBody *text*.\n{{% /post %}}",
			want: `<p>Body <em>text</em>.</p>`},
		{name: "custom quote", rules: custom, src: "{{< box >}}\nInside.\n{{< /box >}}",
			want: `<blockquote><p><strong>Aside</strong></p><p>Inside.</p></blockquote>`},
		{name: "custom link", rules: custom, src: `{{< bookmark url="https://example.org" title="Example" >}}`,
			want: `<p><a href="https://example.org">Example</a></p>`},
		{name: "custom drop and override", rules: custom, src: "a {{< ad >}} b {{< youtube x >}}",
			want: `<p>a  b</p>`},
		{name: "custom code", rules: custom, src: "{{< snippet python >}}\nprint({{ x }})\n{{< /snippet >}}",
			want: `<pre><code class="language-python">print({{ x }})</code></pre>`},
		// Bad input.
		{name: "unterminated shortcode", src: "{{< figure src=\"x.png\"\n  caption=\"open\"\n\nNext paragraph.",
			want:     `<p>caption=“open”</p><p>Next paragraph.</p>`,
			problems: []string{`1: unterminated {{<: no ">}}" before the end of the paragraph; the line is left out`}},
		{name: "unterminated liquid block", src: "Intro.\n\n{% highlight go %}\nfmt.Println()\n\nMore text.",
			want:     `<p>Intro.</p><p>fmt.Println()</p><p>More text.</p>`,
			problems: []string{"3: {% highlight %} is never closed (no {% endhighlight %}); it is left out"}},
		{name: "unterminated raw", src: "{% raw %}\n{{ site.title }}",
			want: `<p>Notes</p>`, problems: []string{"1: {% raw %} is never closed (no {% endraw %}); it is left out"}},
		{name: "note never closed", src: "{{% note %}}\nText.",
			want: `<p>Text.</p>`, problems: []string{"1: {{% note %}} is never closed (no {{% /note %}}); it is left out"}},
		{name: "unterminated liquid tag", src: "a {% include x.html\nb",
			want: `<p>ab</p>`, problems: []string{`1: unterminated {%: no "%}" before the end of the paragraph; the line is left out`}},
		{name: "lone braces are text", src: "map{{1, 2}} and {{ alone and {%",
			want: `<p>map and {{ alone and</p>`, problems: []string{
				"1: removed {{ 1, 2 }}: only site and page variables have a value in a book",
				`1: unterminated {%: no "%}" before the end of the paragraph; the line is left out`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, problems := xhtml(t, tt.src, Options{Rules: tt.rules, Site: testSite, Page: testPage})
			if got != tt.want {
				t.Errorf("XHTML\n got: %s\nwant: %s", got, tt.want)
			}
			if strings.Join(problems, "\n") != strings.Join(tt.problems, "\n") {
				t.Errorf("problems\n got: %q\nwant: %q", problems, tt.problems)
			}
		})
	}
}

// TestThemeIncludes checks Minimal Mistakes' video and gallery includes,
// which read their pictures from the front matter.
func TestThemeIncludes(t *testing.T) {
	page := map[string]any{
		"gallery": []any{
			map[string]any{"url": "/assets/a.jpg", "image_path": "/assets/a-th.jpg", "alt": "Ridge"},
			map[string]any{"url": "https://example.org/shop", "image_path": "/assets/b-th.jpg", "title": "Valley"},
		},
		"gallery2": []any{map[string]any{"image_path": "/assets/c.png"}},
	}
	tests := []struct {
		name, src, want string
		problems        []string
	}{
		{name: "youtube video", src: `{% include video id="XsxDH4HcOWA" provider="youtube" %}`,
			want: `<p><a href="https://www.youtube.com/watch?v=XsxDH4HcOWA">Video on YouTube: youtube.com/watch?v=XsxDH4HcOWA</a></p>`},
		{name: "vimeo video", src: `{% include video id="212731897" provider="vimeo" %}`,
			want: `<p><a href="https://vimeo.com/212731897">Video on Vimeo: vimeo.com/212731897</a></p>`},
		{name: "google drive video", src: `{% include video id="1a2B" provider="google-drive" %}`,
			want: `<p><a href="https://drive.google.com/file/d/1a2B/view">Video on Google Drive: 1a2B</a></p>`},
		{name: "video of an unknown provider", src: `{% include video id="x" provider="elsewhere" %}`,
			problems: []string{"1: removed {% video %} without a file"}},
		{name: "gallery: full-size pictures, else thumbnails, then the caption",
			src:  "Before.\n\n{% include gallery caption=\"Up *high*.\" %}\n\nAfter.",
			want: `<p>Before.</p><p><img alt="Ridge" src="images/assets/a.jpg"/></p><p><img alt="Valley" src="images/assets/b-th.jpg"/></p><p>Up <em>high</em>.</p><p>After.</p>`},
		{name: "gallery by id", src: `{% include gallery id="gallery2" %}`,
			want: `<p><img alt="" src="images/assets/c.png"/></p>`},
		{name: "gallery without pictures", src: `{% include gallery id="none" %}`,
			problems: []string{"1: removed {% include %}: the site's templates are not part of the book"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, problems := xhtml(t, tt.src, Options{Page: page})
			if got != tt.want {
				t.Errorf("XHTML\n got: %s\nwant: %s", got, tt.want)
			}
			if strings.Join(problems, "\n") != strings.Join(tt.problems, "\n") {
				t.Errorf("problems\n got: %q\nwant: %q", problems, tt.problems)
			}
		})
	}
}

// TestInclude reads a Markdown include where it stands, its own tags
// rewritten, through a capture too; refuses cycles and deep nesting, and
// leaves HTML includes (templates) out.
func TestInclude(t *testing.T) {
	files := map[string]string{
		"posts/body.md":  "Text of the *include* for {{ page.title }}.\n\n## Part\n\n{% include posts/leaf.txt %}\n",
		"posts/leaf.txt": "Leaf text.",
		"loop.md":        "Loop {% include loop.md %}\n",
		"a.md":           "A\n{% include b.md %}\n",
		"b.md":           "B\n{% include a.md %}\n",
		"deep.md":        "{% include deep2.md %}",
		"./rel.md":       "Beside the post.",
		"bad.md":         "{% unknowntag %}Tagged.",
	}
	for i := 2; i <= 12; i++ {
		files[fmt.Sprintf("deep%d.md", i)] = fmt.Sprintf("%d {%% include deep%d.md %%}", i, i+1)
	}
	read := func(name string, relative bool) ([]byte, error) {
		if relative {
			name = "./" + name
		}
		s, ok := files[name]
		if !ok {
			return nil, fmt.Errorf("the site has no _includes/%s", name)
		}
		return []byte(s), nil
	}
	tests := []struct {
		name, src, want string
		problems        []string
	}{
		{"capture and markdownify", "<div class=\"post-container\">\n    {% capture body %}{% include posts/body.md %}{% endcapture %}\n    {{ body | markdownify }}\n</div>",
			"<p>Text of the <em>include</em> for On Bikes.</p><h2 id=\"p-part\">Part</h2><p>Leaf text.</p>", nil},
		{"include on its own line", "Before.\n\n{% include posts/body.md %}\n\nAfter.",
			"<p>Before.</p><p>Text of the <em>include</em> for On Bikes.</p><h2 id=\"p-part\">Part</h2><p>Leaf text.</p><p>After.</p>", nil},
		{"include in a sentence", "Say {% include posts/leaf.txt %} twice.", "<p>Say Leaf text. twice.</p>", nil},
		{"include_relative", "{% include_relative rel.md %}", "<p>Beside the post.</p>", nil},
		{"itself", "{% include loop.md %}", "<p>Loop</p>", []string{`1: in loop.md: removed {% include %} of "loop.md": it includes itself`}},
		{"a cycle", "{% include a.md %}", "<p>AB</p>", []string{`1: in a.md: in b.md: removed {% include %} of "a.md": it includes itself`}},
		{"too deep", "{% include deep.md %}", "<p>2 3 4 5 6 7 8</p>", []string{`1: in deep.md: in deep2.md: in deep3.md: in deep4.md: in deep5.md: in deep6.md: in deep7.md: in deep8.md: removed {% include %} of "deep9.md": includes are nested more than 8 deep`}},
		{"missing", "x {% include nope.md %}", "<p>x</p>", []string{`1: removed {% include %} of "nope.md": the site has no _includes/nope.md`}},
		{"its problems are told at the include", "Line one.\n\n{% include bad.md %}", "<p>Line one.</p><p>Tagged.</p>", []string{`3: in bad.md: removed unknown Liquid tag {% unknowntag %}`}},
		{"html include is a template", "{% include signup.html %}", "", []string{`1: removed {% include %}: the site's templates are not part of the book`}},
		{"capture never closed", "{% capture x %}text", "<p>text</p>", []string{`1: {% capture %} is never closed (no {% endcapture %}); it is left out`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, problems := xhtml(t, tt.src, Options{Page: testPage, Include: read})
			if got != tt.want {
				t.Errorf("XHTML\n got: %s\nwant: %s", got, tt.want)
			}
			if strings.Join(problems, "\n") != strings.Join(tt.problems, "\n") {
				t.Errorf("problems\n got: %q\nwant: %q", problems, tt.problems)
			}
		})
	}
	// Without the site's files, an include is removed as before.
	if _, problems := xhtml(t, "{% include posts/body.md %}", Options{}); len(problems) != 1 {
		t.Errorf("without Include: %q", problems)
	}
}

// TestSetAndIncludedPlayers checks {% set %} and {% assign %}, and an
// include of a player's template that reads the variables set before it
// (Eleventy with Nunjucks: {% set videoId = "…" %}{% include 'youtube.njk' %}).
func TestSetAndIncludedPlayers(t *testing.T) {
	tests := []struct {
		name, src, lang string
		want            string
		problems        []string
	}{
		{name: "set then include a youtube template",
			src:  "Watch:\n\n{% set clipTitle = \"Folding a map\" %}\n{% set clipId = \"Xy12_ab-3Cd\" %}\n{% include 'youtube.njk' %}\n\nAfter.",
			want: `<p>Watch:</p><p><a href="https://www.youtube.com/watch?v=Xy12_ab-3Cd">Video on YouTube: Folding a map</a></p><p>After.</p>`},
		{name: "each include reads the values set just before it",
			src:  "{% set videoId = \"first1\" %}{% include \"youtube.njk\" %}\n\n{% set videoId = \"second2\" %}{% include \"youtube.njk\" %}",
			want: `<p><a href="https://www.youtube.com/watch?v=first1">Video on YouTube: youtube.com/watch?v=first1</a></p><p><a href="https://www.youtube.com/watch?v=second2">Video on YouTube: youtube.com/watch?v=second2</a></p>`},
		{name: "vimeo template with a snake-case id",
			src:  "{% assign vimeo_id = 42 %}{% include vimeo.html %}",
			want: `<p><a href="https://vimeo.com/42">Video on Vimeo: vimeo.com/42</a></p>`},
		{name: "an include with no id set names the include",
			src:  "{% set videoTitle = \"Only a title\" %}\n{% include 'youtube.njk' %}",
			want: ``, problems: []string{`2: removed {% include %} of "youtube.njk": no video id set before it ({% set videoId = "…" %}) to link to`}},
		{name: "set and assign values are written out",
			src:  "{% set who = \"Ann\" %}{% assign n = 3 %}{% set greeting %}Hello *there*{% endset %}{{ who }} has {{ n }}. {{ greeting }}",
			want: `<p>Ann has 3. Hello <em>there</em></p>`},
		{name: "a block only a template shows stays where it is written",
			src:  "Before.\n\n{% set css %}\n```css\na { color: red }\n```\n{% endset %}\n{% include \"partials/snippet.njk\" %}\n\nAfter.",
			want: "<p>Before.</p><pre><code class=\"language-css\">a { color: red }</code></pre><p>After.</p>", problems: []string{
				"8: removed {% include %}: the site's templates are not part of the book"}},
		{name: "a computed value is removed, named",
			src:  "{% set total = a + b %}{{ total }}",
			want: ``, problems: []string{
				"1: removed {% set total = a + b %}: a value the book cannot work out",
				"1: removed {{ total }}: only site and page variables have a value in a book"}},
		{name: "unknown tags are named in the site's template language", lang: "Nunjucks",
			src:  "{% lazypic 'a.jpg' %} {{ page.title | shout }}",
			want: `<p>On Bikes</p>`, problems: []string{
				"1: removed unknown Nunjucks tag {% lazypic %}",
				`1: ignored the Nunjucks filter "shout" in {{ page.title | shout }}`}},
		{name: "Liquid by default",
			src:  "{% lazypic 'a.jpg' %}",
			want: ``, problems: []string{"1: removed unknown Liquid tag {% lazypic %}"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, problems := xhtml(t, tt.src, Options{Site: testSite, Page: testPage, Language: tt.lang})
			if got != tt.want {
				t.Errorf("XHTML\n got: %s\nwant: %s", got, tt.want)
			}
			if strings.Join(problems, "\n") != strings.Join(tt.problems, "\n") {
				t.Errorf("problems\n got: %q\nwant: %q", problems, tt.problems)
			}
		})
	}
}
