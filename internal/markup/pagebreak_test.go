package markup

import (
	"regexp"
	"strings"
	"testing"
)

// TestPageBreaks places markers by block and word, as the PDF counts
// them: inline elements do not cut words, blocks, line breaks and images
// do, and a break past a block's words closes the block.
func TestPageBreaks(t *testing.T) {
	tests := []struct {
		name, md string
		breaks   []PageBreak
		want     string // the text with each marker as [N]
	}{
		{"before a block", "One two.\n\nThree four.\n", []PageBreak{{Block: 1, Label: "7"}},
			"One two. [7]Three four."},
		{"inside a paragraph", "One two three four.\n", []PageBreak{{Block: 0, Word: 2, Label: "7"}},
			"One two [7]three four."},
		{"a word cut by emphasis is one word", "un*usual* word here\n", []PageBreak{{Block: 0, Word: 1, Label: "7"}},
			"unusual [7]word here"},
		{"list items are apart", "- alpha\n- beta\n- gamma\n", []PageBreak{{Block: 0, Word: 2, Label: "7"}},
			"alpha beta [7]gamma"},
		{"code counts words between spaces", "```\nfunc main() {\n}\n```\n", []PageBreak{{Block: 0, Word: 3, Label: "7"}},
			"func main() { [7]}"},
		{"two breaks in one block, one past its words", "a b c\n", []PageBreak{{Block: 0, Word: 1, Label: "7"}, {Block: 0, Word: 9, Label: "8"}},
			"a [7]b c [8]"},
		{"past the last block", "a\n", []PageBreak{{Block: 3, Label: "7"}},
			"a [7]"},
		{"several before a block keep their order", "a\n\nb c\n", []PageBreak{{Block: 1, Label: "7"}, {Block: 1, Label: "8"}, {Block: 1, Label: "9"}},
			"a [7] [8] [9]b c"},
	}
	marker := regexp.MustCompile(`<span aria-label="(\d+)" epub:type="pagebreak" id="page-(\d+)" role="doc-pagebreak"></span>`)
	tags := regexp.MustCompile(`<[^>]*>`)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := render(t, tt.md, XHTMLOptions{PageBreaks: tt.breaks})
			if n := len(marker.FindAllString(out, -1)); n != len(tt.breaks) {
				t.Fatalf("%d markers, want %d:\n%s", n, len(tt.breaks), out)
			}
			text := tags.ReplaceAllString(marker.ReplaceAllString(out, " [$1]"), "")
			if got := strings.Join(strings.Fields(text), " "); got != strings.Join(strings.Fields(tt.want), " ") {
				t.Errorf("got %q, want %q\n%s", got, tt.want, out)
			}
		})
	}
}
