package dialect

import (
	"strings"
	"testing"
)

func TestMathDelimiters(t *testing.T) {
	hugo := []Delimiters{{Open: `\[`, Close: `\]`}, {Open: "$$", Close: "$$"}, {Open: `\(`, Close: `\)`, Inline: true}, {Open: "$", Close: "$", Inline: true}}
	for _, c := range []struct {
		name, in, want string
		delims         []Delimiters
	}{
		{"inline parentheses", `so \(x_1\) holds`, `so $$\textstyle x_1$$ holds`, hugo},
		{"single dollars", `$a$ and $b_2$`, `$$\textstyle a$$ and $$\textstyle b_2$$`, hugo},
		{"brackets across lines", "\\[\nx\n\\]", "$$\nx\n$$", hugo},
		{"double dollars stay", `$$y$$ and $z$`, `$$y$$ and $$\textstyle z$$`, hugo},
		{"escaped", `a \\(b\\) and \$5`, `a \\(b\\) and \$5`, hugo},
		{"code", "`$x$` and\n\n```\n\\(y\\)\n```\n", "`$x$` and\n\n```\n\\(y\\)\n```\n", hugo},
		{"not across paragraphs", "\\(a\n\nb\\)", "\\(a\n\nb\\)", hugo},
		{"no closing", `costs $5`, `costs $5`, hugo},
		{"prices are no formula", `from $5 to $10, or $ 3 $`, `from $5 to $10, or $ 3 $`, hugo},
		{"a dollar before a digit closes nothing", `$a$1 and $b$`, `$$\textstyle a$1 and $b$$`, hugo},
		{"nothing configured", `\(x\) $y$`, `\(x\) $y$`, nil},
		{"only the reader's own", `\(x\)`, `\(x\)`, []Delimiters{{Open: "$$", Close: "$$"}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := string(mathDelimiters([]byte(c.in), c.delims, false, false)); got != c.want {
				t.Errorf("mathDelimiters(%q)\n got %q\nwant %q", c.in, got, c.want)
			}
		})
	}
}

// TestMathEscaped reads formulas as a site whose Markdown reads them
// before the page's script does: Markdown's escapes resolved, a line
// break a row's end.
func TestMathEscaped(t *testing.T) {
	script := []Delimiters{{Open: "$", Close: "$", Inline: true, Escaped: true}}
	for _, c := range []struct{ in, want string }{
		{`$D\_{KL}(P \| Q)$ and $$a\_1 \\, b$$`, `$$\textstyle D_{KL}(P | Q)$$ and $$a_1 \, b$$`},
		{"$$\\begin{aligned} a \\\\\\\n b \\\n c \\end{aligned}$$", "$$\\begin{aligned} a \\\\\n b \\\\\n c \\end{aligned}$$"},
		{"`$x\\_1$` stays", "`$x\\_1$` stays"},
	} {
		if got := string(mathDelimiters([]byte(c.in), script, true, false)); got != c.want {
			t.Errorf("mathDelimiters(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
	if got := string(mathDelimiters([]byte(`$$a\_1$$`), nil, false, true)); got != `$$a\_1$$` {
		t.Errorf("kramdown's $$ read as Markdown: %q", got)
	}
	in := "as $$g(w) = 1\n- y \\le 0$$ and\n\n> $$a\n> b$$\n"
	if got, want := string(mathDelimiters([]byte(in), nil, false, true)), "as $$g(w) = 1 - y \\le 0$$ and\n\n> $$a\n> b$$\n"; got != want {
		t.Errorf("kramdown's $$ spanning lines:\n got %q\nwant %q", got, want)
	}
}

// TestLooseDollar reads a single $ as MathJax's and KaTeX's page
// scripts do: a formula may begin with a space, prices stay prices.
func TestLooseDollar(t *testing.T) {
	script := []Delimiters{{Open: "$", Close: "$", Inline: true, Loose: true}}
	in := `so $ \psi=x_1$ or $ \phi $. It costs $5 to $10, or $2, $3.`
	want := `so $$\textstyle  \psi=x_1$$ or $$\textstyle  \phi $$. It costs $5 to $10, or $2, $3.`
	if got := string(mathDelimiters([]byte(in), script, false, false)); got != want {
		t.Errorf("mathDelimiters(%q)\n got %q\nwant %q", in, got, want)
	}
}

func TestMathTags(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"Zola inline", `so {{ katex(body="\alpha_1") }} holds`, `so $$\textstyle \alpha_1$$ holds`},
		{"Zola block", "a\n{% katex(block=true) %}\\sum_{i} x\n{% end %}\nb", "$$\\sum_{i} x$$"},
		{"Liquid", `{% latex %}e^{i\pi}{% endlatex %}`, `$$\textstyle e^{i\pi}$$`},
		{"Congo's marker leaves nothing", "{{< katex >}}\nText.", "Text."},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, problems := Rewrite([]byte(c.in), Options{})
			if !strings.Contains(string(got), c.want) || len(problems) > 0 {
				t.Errorf("Rewrite(%q) = %q, %v; want it to hold %q", c.in, got, problems, c.want)
			}
			if strings.Contains(c.want, "Text.") && strings.Contains(string(got), "$$") {
				t.Errorf("Rewrite(%q) = %q: a marker made a formula", c.in, got)
			}
		})
	}
}

// TestSiteMathTemplateWins reads a Hugo site's own {{< math >}}, a box
// for a theorem here, with its template rather than as a formula.
func TestSiteMathTemplateWins(t *testing.T) {
	ts := NewTemplates(map[string]Template{"math": {File: "layouts/shortcodes/math.html",
		Source: `<div class="theorem"><b>{{ .Get 0 }}:</b> {{ .Inner }}</div>`}})
	got, problems := Rewrite([]byte(`{{< math "Lemma" >}}every graph has a vertex{{< /math >}}`), Options{Templates: ts})
	if strings.Contains(string(got), "$$") || !strings.Contains(string(got), "<b>Lemma:</b> every graph has a vertex") || len(problems) > 0 {
		t.Errorf("Rewrite = %q, %v; want the site's template drawn", got, problems)
	}
	got, _ = Rewrite([]byte(`{{< math >}}x^2{{< /math >}}`), Options{})
	if !strings.Contains(string(got), "$$") {
		t.Errorf("without a template of its own, {{< math >}} = %q, want a formula", got)
	}
}
