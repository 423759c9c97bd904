package dialect

import (
	"strings"
	"testing"
)

// TestMermaidAsCode prints a {{< mermaid >}} diagram as its source in a
// code block, as written (its arrows and braces are not tags), and tells
// of it once for the blog.
func TestMermaidAsCode(t *testing.T) {
	src := "Before.\n\n{{< mermaid >}}\ngraph TD;\n  Start --> Stop{ok};\n{{< /mermaid >}}\n\nAfter.\n"
	out, problems := Rewrite([]byte(src), Options{})
	want := "Before.\n\n```mermaid\ngraph TD;\n  Start --> Stop{ok};\n```\n\n\nAfter.\n"
	if got := string(out); got != want {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
	if len(problems) != 1 || problems[0].Line != 3 || problems[0].Key == "" || !strings.Contains(problems[0].Msg, "code block") {
		t.Errorf("problems %+v, want one keyed at line 3 saying it is a code block", problems)
	}
}
