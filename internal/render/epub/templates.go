package epub

import (
	"bytes"
	"embed"
	"fmt"
	"strings"
	"sync"
	"text/template"
	"unicode/utf8"
)

//go:embed templates
var templateFiles embed.FS

// templates are the package document, the navigation, the NCX and the
// pages. Every value they print goes through x, which escapes it for XML;
// a post's Body alone is printed as it is, being XHTML already. They are
// parsed by the first book written, not when a PDF alone is made.
var templates = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("").Funcs(template.FuncMap{"x": escapeXML}).
		ParseFS(templateFiles, "templates/package.opf", "templates/nav.xhtml", "templates/toc.ncx", "templates/pages.xhtml"))
})

// containerXML points reading systems at the package document.
var containerXML = mustRead("templates/container.xml")

func mustRead(name string) []byte {
	data, err := templateFiles.ReadFile(name)
	if err != nil {
		panic(err)
	}
	return data
}

// escapeXML is v as text, escaped for XML content and double-quoted
// attribute values: only & < > and " are escaped, with XML's own names,
// so a title's apostrophes and quotes stay the characters they are; a
// character XML cannot hold becomes U+FFFD.
func escapeXML(v any) string {
	s := fmt.Sprint(v)
	if plain(s) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '"':
			b.WriteString("&quot;")
		case r < 0x20 && r != '\t' && r != '\n' && r != '\r', r == 0xFFFE, r == 0xFFFF:
			b.WriteRune(utf8.RuneError)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// execute renders the template called name with data.
func execute(name string, data any) ([]byte, error) {
	var buf bytes.Buffer
	if err := templates().ExecuteTemplate(&buf, name, data); err != nil {
		return nil, fmt.Errorf("make %s: %w", name, err)
	}
	return buf.Bytes(), nil
}

// plain reports whether s is printable ASCII that XML takes as it is.
func plain(s string) bool {
	for i := range len(s) {
		switch c := s[i]; {
		case c < 0x20 || c >= 0x7f, c == '<', c == '>', c == '&', c == '"':
			return false
		}
	}
	return true
}
