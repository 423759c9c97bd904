package dialect

import (
	"strings"
	"testing"
)

// TestSiteTemplates draws a site's own shortcodes with their templates,
// inline or in a table row where they stand, and removes those whose
// templates ask for what a book does not have, saying why.
func TestSiteTemplates(t *testing.T) {
	ts := NewTemplates(map[string]Template{
		"man":  {File: "layouts/shortcodes/man.html", Source: `<a href="https://manpages.debian.org/{{ .Get "name" }}.{{ .Get "section" }}"><code>{{ .Get "name" }}({{ .Get "section" }})</code></a>`},
		"bar":  {File: "layouts/shortcodes/bar.html", Source: "\n<div class=\"bar\" style=\"width: {{ .Get \"speed\" }}em\">\n{{ .Get \"speed\" }}\n</div>\n"},
		"box":  {File: "layouts/shortcodes/box.html", Source: `<aside><p><strong>{{ .Get 0 | upper }}</strong></p>{{ .Inner | markdownify }}</aside>`},
		"who":  {File: "layouts/shortcodes/who.html", Source: `{{ .Page.Title }} by {{ .Site.Params.editor }}{{ if strings.HasSuffix (.Get "x") "!" }} loudly{{ end }}`},
		"card": {File: "layouts/shortcodes/card.html", Source: `{{ $p := site.GetPage (.Get "post") }}{{ $p.Title }}`},
		"icon": {File: "layouts/shortcodes/icon.html", Source: `{{ .Page.Resources.GetMatch "x" }}`},
		"bad":  {File: "layouts/shortcodes/bad.html", Source: `{{ if }`},
	})
	tests := []struct {
		name, src, want string
		problems        []string
	}{
		{"inline in a sentence", `Managers such as {{< man name="dpkg" section="1" >}} use archives.`,
			`<p>Managers such as <a href="https://manpages.debian.org/dpkg.1"><code>dpkg(1)</code></a> use archives.</p>`, nil},
		{"arguments are escaped as Hugo escapes them", `{{< man name="a b&c" section="1" >}}`,
			`<p><a href="https://manpages.debian.org/a%20b&amp;c.1"><code>a b&amp;c(1)</code></a></p>`, nil},
		{"in a table row", "| a | b |\n|---|---|\n| x | **{{< bar speed=23.4 >}}** |\n",
			`<div class="table"><table><thead><tr><th scope="col">a</th><th scope="col">b</th></tr></thead><tbody><tr><td>x</td><td><strong> 23.4 </strong></td></tr></tbody></table></div>`, nil},
		{"inner content and positional arguments", "{{< box \"tip\" >}}Mind *the* gap.{{< /box >}}",
			`<p><strong>TIP</strong></p><p>Mind <em>the</em> gap.</p>`, nil},
		{"the page, the site and Hugo's strings functions", `{{< who x="hey!" >}}`, `<p>On Bikes by Ann loudly</p>`, nil},
		{"a template that asks for the site's pages", `See {{< card post="/posts/x" >}} there.`, `<p>See  there.</p>`,
			[]string{`1: removed shortcode {{< card >}}: its template (layouts/shortcodes/card.html) cannot be used here: it calls site, which a book does not have`}},
		{"a template that asks for the page's files", `{{< icon >}}`, ``,
			[]string{`1: removed shortcode {{< icon >}}: its template (layouts/shortcodes/icon.html) cannot be used here: it asks for .Resources, which a book does not have`}},
		{"a template that does not parse", `{{< bad >}}`, ``,
			[]string{`1: removed shortcode {{< bad >}}: its template (layouts/shortcodes/bad.html) cannot be used here: it fails: unexpected "}" in if`}},
		{"a shortcode with no template", `{{< gallery >}}`, ``, []string{`1: removed unknown shortcode {{< gallery >}}`}},
		{"a meaning of anthology's wins", `{{< figure src="p.jpg" caption="C" >}}`,
			`<figure><img alt="C" src="images/p.jpg"/><figcaption>C</figcaption></figure>`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, problems := xhtml(t, tt.src, Options{Site: testSite, Page: testPage, Templates: ts})
			if got != tt.want {
				t.Errorf("XHTML\n got: %s\nwant: %s", got, tt.want)
			}
			if strings.Join(problems, "\n") != strings.Join(tt.problems, "\n") {
				t.Errorf("problems\n got: %q\nwant: %q", problems, tt.problems)
			}
		})
	}
}

// TestSiteTemplateOutputIsBounded stops a template whose output grows
// without end, and refuses one that loops over a number.
func TestSiteTemplateOutputIsBounded(t *testing.T) {
	ts := NewTemplates(map[string]Template{
		"big":  {File: "big.html", Source: `{{ $s := "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" }}{{ range .Params }}{{ end }}{{ template "t" 0 }}{{ define "t" }}{{ printf "%0999999d" 1 }}{{ printf "%0999999d" 1 }}{{ end }}`},
		"loop": {File: "loop.html", Source: `{{ if true }}{{ range 1000000000000 }}{{ end }}{{ end }}`},
	})
	for name, want := range map[string]string{"big": "it writes more than 1 MB", "loop": "it loops over a number"} {
		_, problems := xhtml(t, "{{< "+name+" >}}", Options{Templates: ts})
		if len(problems) != 1 || !strings.Contains(problems[0], want) {
			t.Errorf("%s: problems %q, want %q", name, problems, want)
		}
	}
}
