package dialect

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// describe writes the tags of a body compactly, for comparison.
func describe(src string, toks []Token) string {
	var parts []string
	for _, t := range toks {
		var s string
		switch {
		case t.Kind == Text && t.Literal:
			s = fmt.Sprintf("literal(%s)", src[t.Start:t.End])
		case t.Kind == Text && t.Code:
			s = fmt.Sprintf("code(%s)", src[t.Start:t.End])
		case t.Kind == Text:
			continue
		case t.Kind == Output:
			s = fmt.Sprintf("output(%s)", t.Expr)
		default:
			s = [...]string{"", "sc", "mdsc", "tag"}[t.Kind] + ":"
			if t.Close {
				s += "/"
			}
			s += t.Name
			for _, a := range t.Args {
				if a.Name != "" {
					s += " " + a.Name + "=" + a.Value
				} else {
					s += " " + a.Value
				}
			}
			switch {
			case t.SelfClose:
				s += " self"
			case t.Escaped:
				s += " escaped(" + t.Expr + ")"
			case t.Unterminated:
				s += " unterminated"
			}
		}
		parts = append(parts, fmt.Sprintf("%d:%s", t.Line, s))
	}
	return strings.Join(parts, " | ")
}

func TestTokenize(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"named and positional params", `{{< figure src="a b.png" alt=x "pos one" ` + "`raw \\n`" + ` >}}`,
			`1:sc:figure src=a b.png alt=x pos one raw \n`},
		{"escaped quote", `{{< x title="say \"hi\"" >}}`, `1:sc:x title=say "hi"`},
		{"paired markdown shortcode", "{{% notice warning \"T\" %}}\nx\n{{% /notice %}}",
			`1:mdsc:notice warning T | 3:mdsc:/notice`},
		{"self-closing", "{{< br />}}{{<br/>}}", `1:sc:br self | 1:sc:br self`},
		{"multi-line", "{{< figure\n  src=\"a\"\n  caption=\"b\" >}}", `1:sc:figure src=a caption=b`},
		{"literal block", "{{< highlight go >}}\n{{< y >}} {% z %}\n{{< /highlight >}}",
			"1:sc:highlight go | 1:literal(\n{{< y >}} {% z %}\n) | 3:sc:/highlight"},
		{"liquid with trimming and quotes", `{%- include a.html key="v w %}" n=1 -%}`, `1:tag:include a.html key=v w %} n=1`},
		{"liquid end tag", "{% capture x %}y{% endcapture %}", `1:tag:capture x | 1:tag:/capture`},
		{"raw block", "{% raw %}{{ x }}{% endraw %}", "1:tag:raw | 1:literal({{ x }}) | 1:tag:/raw"},
		{"escaped shortcode", `{{</* figure src="x" */>}}`, `1:sc: escaped(figure src="x")`},
		{"output with filters", `{{ "a|b" | relative_url }}`, `1:output("a|b" | relative_url)`},
		{"code span and fence", "`{{< x >}}` {{< y >}}\n\n```\n{% z %}\n```\n",
			"1:code({{< x >}}) | 1:sc:y | 4:code({% z %}\n)"},
		{"indented code", "Para.\n\n    {{< x >}}\n", "3:code({{< x >}}\n)"},
		{"unterminated at a blank line", "{{< x a=\"b\n\nc\" >}}", `1:sc:x unterminated`},
		{"unterminated at the end", "a {% if x", `1:tag:if unterminated`},
		{"literal never closed", "{% highlight go %}\ncode", `1:tag:highlight go unterminated`},
		{"fence opened in a literal block", "{{< highlight md >}}\n```go\nx\n{{< /highlight >}}\n\n{{< youtube abc >}}\n`{{< y >}}`",
			"1:sc:highlight md | 1:literal(\n```go\nx\n) | 4:sc:/highlight | 6:sc:youtube abc | 7:code({{< y >}})"},
		{"lone braces", "{{ and {{}} and {{{x}}}", `1:output(x)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			toks := Tokenize([]byte(tt.src), nil)
			if got := describe(tt.src, toks); got != tt.want {
				t.Errorf("\n got: %s\nwant: %s", got, tt.want)
			}
			checkTokens(t, []byte(tt.src), toks)
		})
	}
}

// checkTokens asserts what every tokenization must hold: tokens cover the
// body whole, in order, each with its line.
func checkTokens(t *testing.T, src []byte, toks []Token) {
	t.Helper()
	at := 0
	for _, tok := range toks {
		if tok.Start != at || tok.End <= tok.Start || tok.End > len(src) {
			t.Fatalf("token %+v does not follow %d in a body of %d bytes", tok, at, len(src))
		}
		if want := bytes.Count(src[:tok.Start], []byte("\n")) + 1; tok.Line != want {
			t.Fatalf("token %+v: line %d, want %d", tok, tok.Line, want)
		}
		at = tok.End
	}
	if at != len(src) {
		t.Fatalf("tokens end at %d of %d bytes", at, len(src))
	}
}

func FuzzTokenize(f *testing.F) {
	for _, s := range []string{
		"{{< figure src=\"a\" >}}", "{{% note %}}x{{% /note %}}", "{{< a >}}{{< b >}}{{< /a >}}{{< /b >}}",
		"{% raw %}{{ x }}{% endraw %}", "{% highlight go %}\n}}\n{% endhighlight %}", "{{</* x */>}}",
		"{{ site.baseurl }}{% post_url 2010-01-01-x %}", "`{{<` {{< x", "{%-{%--%}}", "{{< \"\\", "- a\n\n  {{% note %}}\n  b\n  {{% /note %}}",
		"> {{< highlight >}}\n> x\n> {{< /highlight >}}", "{{< x a=`b`/>}}", "{{ \"a\" | default: '|' }}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		checkTokens(t, src, Tokenize(src, nil))
		out, _ := Rewrite(src, Options{Rules: map[string]Rule{"q": {As: AsQuote}, "c": {As: AsCode}}, Site: testSite, Page: testPage})
		if !bytes.ContainsRune(src, '{') && !bytes.Equal(out, src) {
			t.Fatalf("a body without tags changed:\n%q\n%q", src, out)
		}
	})
}
