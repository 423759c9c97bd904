package dialect

import (
	"strings"
	"testing"
)

func TestMathDelimiters(t *testing.T) {
	hugo := []Delimiters{{`\[`, `\]`}, {"$$", "$$"}, {`\(`, `\)`}, {"$", "$"}}
	for _, c := range []struct {
		name, in, want string
		delims         []Delimiters
	}{
		{"inline parentheses", `so \(x_1\) holds`, `so $$x_1$$ holds`, hugo},
		{"single dollars", `$a$ and $b_2$`, `$$a$$ and $$b_2$$`, hugo},
		{"brackets across lines", "\\[\nx\n\\]", "$$\nx\n$$", hugo},
		{"double dollars stay", `$$y$$ and $z$`, `$$y$$ and $$z$$`, hugo},
		{"escaped", `a \\(b\\) and \$5`, `a \\(b\\) and \$5`, hugo},
		{"code", "`$x$` and\n\n```\n\\(y\\)\n```\n", "`$x$` and\n\n```\n\\(y\\)\n```\n", hugo},
		{"not across paragraphs", "\\(a\n\nb\\)", "\\(a\n\nb\\)", hugo},
		{"no closing", `costs $5`, `costs $5`, hugo},
		{"prices are no formula", `from $5 to $10, or $ 3 $`, `from $5 to $10, or $ 3 $`, hugo},
		{"a dollar before a digit closes nothing", `$a$1 and $b$`, `$$a$1 and $b$$`, hugo},
		{"nothing configured", `\(x\) $y$`, `\(x\) $y$`, nil},
		{"only the reader's own", `\(x\)`, `\(x\)`, []Delimiters{{"$$", "$$"}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := string(mathDelimiters([]byte(c.in), c.delims)); got != c.want {
				t.Errorf("mathDelimiters(%q)\n got %q\nwant %q", c.in, got, c.want)
			}
		})
	}
}

func TestMathTags(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"Zola inline", `so {{ katex(body="\alpha_1") }} holds`, `so $$\alpha_1$$ holds`},
		{"Zola block", "a\n{% katex(block=true) %}\\sum_{i} x\n{% end %}\nb", "$$\\sum_{i} x$$"},
		{"Liquid", `{% latex %}e^{i\pi}{% endlatex %}`, `$$e^{i\pi}$$`},
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
