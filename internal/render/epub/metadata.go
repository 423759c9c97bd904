package epub

import (
	"regexp"
	"strings"

	"github.com/anthology-book/anthology/internal/book"
)

// conformsTo is the conformance a book that passes anthology's checks
// claims, as EPUB Accessibility 1.1 writes it.
const conformsTo = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"

// creator is an author as the package document lists it.
type creator struct {
	Name, FileAs string
}

// subject is a dc:subject: a word, or a code of a scheme (Authority) such
// as BISAC or Thema, with the code as its Term.
type subject struct {
	Text, Authority, Term string
}

// accessMetadata is what the package document says of the book's
// accessibility: only what the build checked (book.Access).
type accessMetadata struct {
	Modes                         []string
	Sufficient                    string
	Features                      []string
	Summary, ConformsTo           string
	Certifier, Credential, Report string
}

// creators are the book's authors, the first with its sort name.
func creators(b *book.Book) []creator {
	names := b.Imprint.Authors
	if len(names) == 0 && b.Author != "" {
		names = []string{b.Author}
	}
	out := make([]creator, 0, len(names))
	for i, n := range names {
		c := creator{Name: n}
		if i == 0 {
			c.FileAs = b.Imprint.AuthorSort
		}
		out = append(out, c)
	}
	return out
}

var bisacCode = regexp.MustCompile(`^[A-Z]{3}[0-9]{6}$`)

// subjects are the book file's subjects, then, when it asks for them,
// the chapters' titles, each once. A BISAC code ("COM051000") or a Thema
// code written "thema:UYQ" names its scheme.
func subjects(b *book.Book) []subject {
	all := b.Imprint.Subjects
	if b.Imprint.SubjectsFromChapters {
		all = append(all[:len(all):len(all)], b.Themes()...)
	}
	seen := map[string]bool{}
	var out []subject
	for _, s := range all {
		if s == "" || seen[s] {
			continue
		}
		seen[s] = true
		switch code, ok := cutPrefixFold(s, "thema:"); {
		case ok:
			out = append(out, subject{Text: code, Authority: "THEMA", Term: code})
		case bisacCode.MatchString(s):
			out = append(out, subject{Text: s, Authority: "BISAC", Term: s})
		default:
			out = append(out, subject{Text: s})
		}
	}
	return out
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) > len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return strings.TrimSpace(s[len(prefix):]), true
	}
	return s, false
}

// identifierType is the ONIX code of the book's identifier's kind: 15 for
// an ISBN-13, 02 for an ISBN-10, none otherwise.
func identifierType(b *book.Book) string {
	switch len(b.Imprint.ISBN) {
	case 13:
		return "15"
	case 10:
		return "02"
	}
	return ""
}

// access states the book's accessibility from what the build checked:
// visual content only when posts show images, alternative text only when
// every one has it, page navigation only with the print edition's page
// list, and a conformance claim only when every check passed.
func (r *renderer) access() accessMetadata {
	b := r.book
	a := accessMetadata{
		Modes:      []string{"textual"},
		Sufficient: "textual",
		Features:   []string{"tableOfContents", "readingOrder", "structuralNavigation"},
		Summary:    b.Access.Summary,
		Certifier:  b.Access.Certifier, Credential: b.Access.CertifierCredential, Report: b.Access.CertifierReport,
	}
	if len(b.Images) > 0 {
		a.Modes = append(a.Modes, "visual")
		if len(b.Access.MissingAlt) > 0 {
			a.Sufficient = "textual,visual"
		} else {
			a.Features = append(a.Features, "alternativeText")
		}
	}
	if b.Access.PageList {
		a.Features = append(a.Features, "pageNavigation", "printPageNumbers")
	}
	a.Features = append(a.Features, "displayTransformability")
	if a.Summary == "" {
		a.Summary = r.locale.AccessibilitySummary(b)
	}
	if b.Conforms() {
		a.ConformsTo = conformsTo
	}
	return a
}
