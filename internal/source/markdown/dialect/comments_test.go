package dialect

import (
	"fmt"
	"testing"
)

// TestProblemsInCommentsDropped tells only of the tags a reader could see:
// those inside an HTML comment, a block or within a line, are not counted;
// those in code that shows a comment are.
func TestProblemsInCommentsDropped(t *testing.T) {
	for _, c := range []struct {
		name, src string
		lines     []int
	}{
		{"block comment", "<!--\n{{< button >}}x{{< /button >}}\n-->\n{{< button >}}y{{< /button >}}\n", []int{4}},
		{"inline comment", "Some <!-- {{< button >}}x{{< /button >}} --> text {{< button >}}y{{< /button >}}.\n", []int{1}},
		{"comment over lines in a paragraph", "Words <!-- here\n{{< button >}}x{{< /button >}}\n--> and more.\n\n{{< button >}}y{{< /button >}}\n", []int{5}},
		{"comment marks as code", "Open with `<!--`, {{< button >}}x{{< /button >}}, close with `-->`.\n", []int{1}},
		{"no comment", "{{< button >}}x{{< /button >}}\n\n{{< button >}}y{{< /button >}}\n", []int{1, 3}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, problems := Rewrite([]byte(c.src), Options{})
			var got []int
			for _, pr := range problems {
				got = append(got, pr.Line)
			}
			if fmt.Sprint(got) != fmt.Sprint(c.lines) {
				t.Errorf("problems at lines %v, want %v (%+v)", got, c.lines, problems)
			}
		})
	}
}
