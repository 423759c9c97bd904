package dialect

import (
	"strings"
	"testing"
)

// TestZolaTemplates draws a Zola site's own shortcodes with their Tera
// templates, Markdown ones and HTML ones, and removes those whose
// templates ask for more than a book draws, saying why.
func TestZolaTemplates(t *testing.T) {
	ts := NewTeraTemplates(map[string]Template{
		"keys":  {File: "templates/shortcodes/keys.md", Source: `<kbd>{{ combo | replace(from=" ", to="</kbd><kbd>") | replace(from="+", to=" + ") }}</kbd>`},
		"stamp": {File: "templates/shortcodes/stamp.html", Source: "<span class=stamp>{{when}}</span>\n"},
		"hop": {File: "templates/shortcodes/hop.html", Source: "<a href=\"{{ to }}\"\n" +
			"\t{%- if label is defined %}>{{ label | upper }}{% else %}>{{ to }}{% endif %}</a>{% if hint %} ({{ hint }}){% endif %}"},
		"fold": {File: "templates/shortcodes/fold.md", Source: "<aside>{% if fold %}<details><summary>{{fold}}</summary>{% else %}<div>{% endif %}\n\n  {{ body }}\n\n" +
			"</{% if fold %}details{% else %}div{% endif %}></aside>"},
		"box":  {File: "templates/shortcodes/box.html", Source: "<div class=\"box\">\n  {{ body | markdown | safe }}\n</div>\n{# a note #}"},
		"sig":  {File: "templates/shortcodes/sig.html", Source: `{% set who = name | default(value="nobody") ~ "!" %}<em>{{ who }}</em> of {{ page.title }}{% if page.extra.x is not ending_with("z") and not missing %} (x){% elif true %}(no){% endif %}`},
		"esc":  {File: "templates/shortcodes/esc.html", Source: `<b>{{ text }}</b>`},
		"url":  {File: "templates/shortcodes/url.html", Source: `<a href="{{ get_url(path=to) }}">{{ to }}</a>`},
		"many": {File: "templates/shortcodes/many.html", Source: `{% for x in xs %}{{ x }}{% endfor %}`},
		"need": {File: "templates/shortcodes/need.html", Source: `<b>{{ text }}</b>`},
		"bad":  {File: "templates/shortcodes/bad.html", Source: `{% if x %}open`},
	})
	page := map[string]any{"title": "On Bikes", "extra": map[string]any{"x": "abc"}}
	tests := []struct {
		name, src, want string
		problems        []string
	}{
		{"a Markdown template in a sentence", `Press {{kbd(combo="ctrl+shift+5")}} now.`,
			`<p>Press <code>ctrl + shift + 5</code> now.</p>`, nil},
		{"an HTML template, its arguments escaped", `At {{ stamp(when="0:02 <b>") }} it starts.`,
			`<p>At 0:02 &lt;b&gt; it starts.</p>`, nil},
		{"if, a test and white space trimmed", `{{ hop(to="https://example.org/", hint="A", label="go") }}`,
			`<p><a href="https://example.org/">GO</a> (A)</p>`, nil},
		{"a body in a Markdown template", "{% fold() %}\nMind *the* gap.\n{% end %}",
			`<p>Mind <em>the</em> gap.</p>`, nil},
		{"else branch taken by an argument", "{% fold(fold=\"More\") %}\nHidden.\n{% end %}",
			`<p>More</p><p>Hidden.</p>`, nil},
		{"a body through the markdown filter", "{% box() %}\nSome **bold** words.\n{% end %}",
			`<p>Some <strong>bold</strong> words.</p>`, nil},
		{"set, default, concatenation, the page", `{{ sig() }}`, `<p><em>nobody!</em> of On Bikes (x)</p>`, nil},
		{"an argument is text in an HTML template", `{{ esc(text="<i>x</i>") }}`, `<p><strong>&lt;i&gt;x&lt;/i&gt;</strong></p>`, nil},
		{"a template that calls a function", `See {{ url(to="a") }} there.`, `<p>See  there.</p>`,
			[]string{`1: removed shortcode {{ url() }}: its template (templates/shortcodes/url.html) cannot be used here: it calls get_url, which a book does not have`}},
		{"a template with a loop", `{{ many() }}`, ``,
			[]string{`1: removed shortcode {{ many() }}: its template (templates/shortcodes/many.html) cannot be used here: it uses {% for %}, which a book does not draw`}},
		{"a template that prints what the call lacks", `{{ need() }}`, ``,
			[]string{`1: removed shortcode {{ need() }}: its template (templates/shortcodes/need.html) cannot be used here: it fails: it prints text, which the call does not give`}},
		{"a template that does not parse", `{{ bad() }}`, ``,
			[]string{`1: removed shortcode {{ bad() }}: its template (templates/shortcodes/bad.html) cannot be used here: it fails: an {% if %} is never closed`}},
		{"a shortcode with no template", `{{ gallery() }}`, ``, []string{`1: removed unknown shortcode {{ gallery() }}`}},
		{"a body shortcode with no template keeps its text", "{% panel() %}\nKept.\n{% end %}", `<p>Kept.</p>`,
			[]string{`1: removed unknown shortcode {% panel() %} (its content is kept)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := strings.ReplaceAll(tt.src, "kbd(", "keys(")
			got, problems := xhtml(t, src, Options{Page: page, Tera: ts, Zola: true})
			if got != tt.want {
				t.Errorf("XHTML\n got: %s\nwant: %s", got, tt.want)
			}
			if strings.Join(problems, "\n") != strings.Join(tt.problems, "\n") {
				t.Errorf("problems\n got: %q\nwant: %q", problems, tt.problems)
			}
		})
	}
}

// TestZolaTemplateOutputIsBounded stops a template whose output grows
// without end.
func TestZolaTemplateOutputIsBounded(t *testing.T) {
	ts := NewTeraTemplates(map[string]Template{
		"big": {File: "big.html", Source: `{{ body }}`},
	})
	_, problems := xhtml(t, "{% big() %}\n"+strings.Repeat("x", maxTemplateOutput+1)+"\n{% end %}", Options{Tera: ts, Zola: true})
	if len(problems) != 1 || !strings.Contains(problems[0], "it writes more than 1 MB") {
		t.Errorf("problems %q", problems)
	}
}

// FuzzTera reads and runs any template without a panic, and never
// writes past the limit.
func FuzzTera(f *testing.F) {
	for _, s := range []string{
		`<kbd>{{ key | replace(from=" ", to="</kbd><kbd>") }}</kbd>`,
		"{% if a %}x{% elif b and not c %}y{% else %}z{% endif %}",
		"{%- set v = a ~ 'b' | upper -%}{{ v | default(value=1) }}{# c #}",
		`{{ body | markdown(inline=true) | safe }}{% if src is not ending_with("svg") %}p{% endif %}`,
		"{{ get_url(path=x) }}", "{% for x in y %}{% endfor %}", "{{ (a or b) == 'c' }}", "{% if %}", "{{",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		ts := NewTeraTemplates(map[string]Template{"t": {File: "t.html", Source: src}, "m": {File: "m.md", Source: src}})
		for _, name := range []string{"t", "m"} {
			tok := &Token{Name: name, Args: []Arg{{Name: "a", Value: "1"}, {Name: "key", Value: "x y"}}}
			out, _, ok, _ := ts.execute(tok, "*b*", map[string]any{"title": "T"}, nil)
			if !ok || len(out) > maxTemplateOutput {
				t.Fatalf("execute(%q): ok %v, %d bytes", src, ok, len(out))
			}
		}
	})
}
