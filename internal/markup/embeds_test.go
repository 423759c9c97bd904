package markup

import (
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"github.com/anthology-book/anthology/internal/book"
)

func TestRawHTMLForBrowsers(t *testing.T) {
	tests := []struct {
		name, md string
		want     string // the whole XHTML
	}{
		{"youtube iframe becomes a link to the video",
			`<iframe width="560" height="315" src="https://www.youtube.com/embed/dQw4w9WgXcQ" frameborder="0" allowfullscreen></iframe>`,
			`<p><a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">Video on YouTube: youtube.com/watch?v=dQw4w9WgXcQ</a></p>`},
		{"iframe title is the label, protocol-relative source",
			"<iframe src=\"//player.vimeo.com/video/76979871\" title=\"The New Vimeo Player\"></iframe>\n",
			`<p><a href="https://vimeo.com/76979871">Video on Vimeo: The New Vimeo Player</a></p>`},
		{"iframe inside a wrapper becomes a link",
			`<div class="video-wrapper"><iframe src="https://example.org/map"></iframe></div>`,
			`<p><a href="https://example.org/map">Embedded content: example.org/map</a></p>`},
		{"iframe of nothing goes", `<p>a<iframe src="javascript:alert(1)"></iframe>b</p>`, `<p>ab</p>`},
		{"video with a source element",
			`<video controls><source src="https://example.org/v.mp4" type="video/mp4"></video>`,
			`<p><a href="https://example.org/v.mp4">Video: example.org/v.mp4</a></p>`},
		{"style and script go with their content",
			"<style>p { color: red }</style>\n\nText.\n\n<script>alert(1)</script>\n",
			`<p>Text.</p>`},
		{"a gist's script becomes a link to the gist",
			"Code:\n\n<script src=\"https://gist.github.com/someone/0a1b2c.js\"></script>\n",
			`<p>Code:</p><p><a href="https://gist.github.com/someone/0a1b2c">Gist by someone</a></p>`},
		{"a recording's script within a line becomes a link; a counter's goes",
			`See <script id="asciicast-14" src="https://asciinema.org/a/14.js" async></script> and <script src="https://stats.example/c.js"></script>.`,
			`<p>See <a href="https://asciinema.org/a/14">Recording on asciinema: asciinema.org/a/14</a> and .</p>`},
		{"forms go with their controls",
			"<form action=\"/subscribe\"><label>Mail <input type=\"email\"></label><button>Send</button></form>\n\nAfter.\n",
			`<p>After.</p>`},
		{"more marker removed", "Summary.\n\n<!--more-->\n\nRest.\n", "<p>Summary.</p><p>Rest.</p>"},
		{"inline more marker removed", "Summary. <!-- more --> Rest.\n", "<p>Summary.  Rest.</p>"},
		{"unclosed img and br are closed",
			"<p>Line<br>next <img src=\"https://example.org/a.png\" alt=\"A\">\n",
			`<p>Line<br/>next <span class="missing-image">A</span></p>`},
		{"unclosed div stays in its block", "<div class=\"note\">\n\nOutside.\n",
			`<p>Outside.</p>`},
		{"task list checkboxes stay", "- [x] done\n",
			`<ul>` + "\n" + `<li><input checked="" disabled="" type="checkbox"/> done</li>` + "\n" + `</ul>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := strings.TrimSpace(embedXHTML(t, tt.md))
			got = strings.ReplaceAll(got, "\n\n", "\n")
			want := strings.ReplaceAll(tt.want, "\n\n", "\n")
			if strings.ReplaceAll(got, "\n", "") != strings.ReplaceAll(want, "\n", "") {
				t.Errorf("got\n%s\nwant\n%s", got, want)
			}
		})
	}
}

func embedXHTML(t *testing.T, md string) string {
	t.Helper()
	out, err := Parse(&book.Post{ID: "p01", Source: "t.md", Body: []byte(md)}).XHTML(XHTMLOptions{})
	if err != nil {
		t.Fatal(err)
	}
	dec := xml.NewDecoder(strings.NewReader("<body>" + out + "</body>"))
	for {
		if _, err := dec.Token(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("not well-formed XML (%v):\n%s", err, out)
		}
	}
	return out
}
