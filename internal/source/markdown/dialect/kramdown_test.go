package dialect

import "testing"

func TestMarkdownInHTML(t *testing.T) {
	for _, tt := range []struct{ name, in, want string }{
		{"a notice's Markdown is read", "<div class=\"notice\" markdown=\"1\">\n**Note:** a [link](x).\n</div>\nAfter.\n",
			"\n**Note:** a [link](x).\n\nAfter.\n"},
		{"other spellings, an id kept", "<section id=\"s1\" markdown='block'>\n- a\n</section>\n<aside markdown=span>\n*b*\n</aside>\n",
			"<a id=\"s1\"></a>\n- a\n\n\n*b*\n\n"},
		{"nested elements", "<div markdown=\"1\">\n<div markdown=\"1\">\n*in*\n</div>\n*out*\n</div>\n",
			"\n\n*in*\n\n*out*\n\n"},
		{"an inner div without the attribute stays", "<div markdown=\"1\">\n<div class=\"x\">\n*raw*\n</div>\n</div>\n",
			"\n<div class=\"x\">\n*raw*\n</div>\n\n"},
		{"a summary ends its line", "<details markdown=\"1\">\n<summary>More</summary>\nHidden *text*.\n</details>\n",
			"\n<summary>More</summary>\n\nHidden *text*.\n\n"},
		{"without the attribute nothing changes", "<div class=\"notice\">\n**raw**\n</div>\n", "<div class=\"notice\">\n**raw**\n</div>\n"},
		{"markdown=0 nothing changes", "<div markdown=\"0\">\n**raw**\n</div>\n", "<div markdown=\"0\">\n**raw**\n</div>\n"},
		{"closed on a line with text: left", "<div markdown=\"1\">\n*a*</div>\n", "<div markdown=\"1\">\n*a*</div>\n"},
		{"never closed: left", "<div markdown=\"1\">\n*a*\n", "<div markdown=\"1\">\n*a*\n"},
		{"in code: left", "```\n<div markdown=\"1\">\n*a*\n</div>\n```\n", "```\n<div markdown=\"1\">\n*a*\n</div>\n```\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, _ := Rewrite([]byte(tt.in), Options{Kramdown: true})
			if string(got) != tt.want {
				t.Errorf("Rewrite(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
			if other, _ := Rewrite([]byte(tt.in), Options{}); string(other) != tt.in {
				t.Errorf("without kramdown, Rewrite(%q) = %q, want it unchanged", tt.in, other)
			}
		})
	}
}

func TestKramdown(t *testing.T) {
	for _, tt := range []struct{ name, in, want string }{
		{"block list after a paragraph", "A line.\n{: .lead}\n\nNext.\n", "A line.\n\nNext.\n"},
		{"span list after a link", "[Go](https://go.dev){:.btn} now.\n", "[Go](https://go.dev) now.\n"},
		{"a value escaping its quotes", "```\nx\n```\n{: file='\\'dotnet push\\' error'}\n", "```\nx\n```\n"},
		{"a key opening with a colon", "[Talks](https://talks.example){:target=\"_blank\" :rel=\"noopener\"} now.\n", "[Talks](https://talks.example) now.\n"},
		{"span list with an id", "![a](b.png){: #pic .right}\n", "![a](b.png)<a id=\"pic\"></a>\n"},
		{"id of the heading before", "## Tides\n{: #tides}\n\nText.\n", "## Tides {#tides}\n\nText.\n"},
		{"id of the heading after", "{: #tides}\n## Tides\n", "## Tides {#tides}\n"},
		{"id of a setext heading", "Tides\n=====\n{: #tides}\n", "Tides {#tides}\n=====\n"},
		{"a heading's own id wins", "## Tides {#own}\n{: #tides}\n", "## Tides {#own}\n<a id=\"tides\"></a>\n"},
		{"table of contents list", "Intro.\n\n* Contents\n* more\n{:toc}\n\nText.\n", "Intro.\n\n\nText.\n"},
		{"toc in a quote", "> * TOC\n> {:toc}\n\nText.\n", "\nText.\n"},
		{"definition", "{:note: .box}\nText.\n", "Text.\n"},
		{"options", "{::options auto_ids=\"false\" /}\nText.\n", "Text.\n"},
		{"comment block", "Before.\n\n{::comment}\nhidden {: #x}\n{:/comment}\n\nAfter.\n", "Before.\n\n\nAfter.\n"},
		{"comment closed by {:/}", "a {::comment}hidden{:/} b\n", "a  b\n"},
		{"comment never closed", "{::comment}\nkept\n", "kept\n"},
		{"nomarkdown keeps its HTML", "x {::nomarkdown}<b>y</b>{:/} z\n", "x <b>y</b> z\n"},
		{"escaped", "\\{: .class} stays\n", "\\{: .class} stays\n"},
		{"code span", "`{: .x}` and `{:toc}`\n", "`{: .x}` and `{:toc}`\n"},
		{"code block", "```\n* a\n{:toc}\n```\n", "```\n* a\n{:toc}\n```\n"},
		{"indented code", "    {: .x}\n", "    {: .x}\n"},
		{"not a list: a brace in prose", "Python's {:} and {: and {:1}.\n", "Python's {:} and {: and {:1}.\n"},
		{"hugo block attributes", "> A saying.\n{.center style=\"font-size: 80%\"}\n\nText.\n", "> A saying.\n\nText.\n"},
		{"hugo id after a heading", "## Tides\n{#tides .wide}\n", "## Tides {#tides}\n"},
		{"hugo form only on its own line", "Braces {.x} in a line.\n", "Braces {.x} in a line.\n"},
		{"hugo form needs attributes", "{word}\n{#}\n{.}\n", "{word}\n{#}\n{.}\n"},
		{"after a Liquid tag", "{% include note.html %}\n{: .notice}\n", "\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, _ := Rewrite([]byte(tt.in), Options{Rules: map[string]Rule{"include": {As: AsDrop}}})
			if string(got) != tt.want {
				t.Errorf("Rewrite(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}
