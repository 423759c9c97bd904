package htmlconv

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// TestSyntaxHighlighterFixture converts a WordPress post written with the
// SyntaxHighlighter plugins' shortcodes: each is a code block in its
// language, its quotes as written.
func TestSyntaxHighlighterFixture(t *testing.T) {
	data, err := os.ReadFile("../../../testdata/templates/syntaxhighlighter.html")
	if err != nil {
		t.Fatal(err)
	}
	var warnings []string
	md, err := WordPress(string(data), Options{Warn: func(format string, args ...any) { warnings = append(warnings, fmt.Sprintf(format, args...)) }})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"```csharp\nvar name = \"world\";\nConsole.WriteLine($\"Hello, {name}!\");\n```",
		"```javascript\nconst greet = (who) => `Hello, ${who}`;\nconsole.log(greet('there'));\n```",
		"```php\n<?php echo \"It's done\"; ?>\n```",
		`A loose \[c] in prose stays text, and so does \[php] without its end.`,
	} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown lacks\n%s\ngot:\n%s", want, md)
		}
	}
	if strings.Contains(md, "[/") || len(warnings) > 0 {
		t.Errorf("shortcodes left or warned about (%q):\n%s", warnings, md)
	}
}
