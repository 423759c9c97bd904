// Package book is the model every stage of the pipeline shares: sources
// produce Posts, the theme stage groups them into Chapters of a Book, and
// the renderers turn a Book into files. It imports nothing of the project.
package book

import (
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Book is one anthology: its metadata and its chapters in reading order.
type Book struct {
	Title       string
	Subtitle    string
	Author      string
	Lang        string // BCP 47 tag of the book, e.g. "en" or "fr"
	Description string
	Identifier  string    // stable identifier, derived from title and author
	Date        time.Time // build date: SOURCE_DATE_EPOCH, else the newest post
	Chapters    []*Chapter

	// Imprint is what stores read from the book's metadata besides title
	// and author: publisher, ISBN, series, subjects and the like.
	Imprint Imprint

	// BaseURL is the blog's address on the web, e.g. "https://example.org"
	// or "https://example.org/blog": the book file's, else the site
	// config's. Site-relative links of posts are made absolute with it.
	// Permalinks is the pattern of the posts' addresses below it, e.g.
	// "/:year/:month/:slug/". Both may be empty.
	BaseURL    string
	Permalinks string

	// Access is what the build found out about the book's accessibility,
	// from which the EPUB states its accessibility metadata.
	Access Access

	// Cover is the prepared cover image: the one the blogger gave, else a
	// drawn one; nil when the build makes none. CoverGiven reports whether
	// the blogger gave it: only such a cover is printed in the PDF.
	Cover      *Asset
	CoverGiven bool

	// Images are the posts' prepared images, sorted by Name, each once
	// however many posts show it. An image node of a prepared document
	// names one of them by its Name; Image finds it.
	Images []*Asset
}

// Site is what a blog's own settings say about it: a static site
// generator's config, a WordPress export's channel, a feed's head. The
// book file and the command line win over it. Every field may be empty.
type Site struct {
	Title  string
	Author string
	Lang   string // BCP 47 tag, e.g. "en-AU"
	// BaseURL is the blog's address, Permalinks the pattern of its posts'
	// addresses below it (see Book).
	BaseURL    string
	Permalinks string
	// From names where these settings were read, e.g. "hugo.toml".
	From string
}

// Fill sets the fields of s that are empty from o.
func (s *Site) Fill(o Site) {
	for _, f := range []struct {
		dst *string
		v   string
	}{
		{&s.Title, o.Title}, {&s.Author, o.Author}, {&s.Lang, o.Lang},
		{&s.BaseURL, o.BaseURL}, {&s.Permalinks, o.Permalinks}, {&s.From, o.From},
	} {
		if *f.dst == "" {
			*f.dst = strings.TrimSpace(f.v)
		}
	}
}

// Imprint is the book's metadata for stores and catalogues, from the book
// file. Every field may be empty.
type Imprint struct {
	// Authors are the book's authors in order, when the book file lists
	// several; Book.Author is then them joined, as title pages print it.
	Authors []string
	// AuthorSort is the first author's name as catalogues sort it,
	// e.g. "Mandin, Frederi".
	AuthorSort string
	Publisher  string
	Rights     string
	// Edition names the edition as the imprint page prints it, e.g.
	// "First edition, 2024".
	Edition string
	// ISBN is the book's ISBN-10 or ISBN-13, digits only (and a final X),
	// its check digit verified. When set, the book's Identifier is its
	// urn:isbn: form and OtherIdentifiers keep the derived one.
	ISBN             string
	OtherIdentifiers []string
	Series           Series
	Contributors     []Contributor
	// Subjects are the book's subjects: words, or BISAC or Thema codes.
	// SubjectsFromChapters adds the chapter titles to them.
	Subjects             []string
	SubjectsFromChapters bool
	// Published is the date of first publication, as W3CDTF ("2024",
	// "2024-05" or "2024-05-01"); empty for the build date.
	Published string
}

// Series is the series a book belongs to, and its place in it; Name is
// empty when it belongs to none.
type Series struct {
	Name   string
	Number string // e.g. "2" or "2.5"; empty when unnumbered
}

// Contributor is someone besides the authors who made the book, with
// their MARC relator role, e.g. "edt" (editor), "ill", "trl".
type Contributor struct {
	Name, Role string
}

// Access is what the build checked of the book's accessibility. The EPUB
// states only what these say, so its claims are true by construction.
type Access struct {
	// MissingAlt lists the images that have no text alternative and are
	// not marked decorative, as "post: image".
	MissingAlt []string
	// SkippedHeadings lists the posts whose headings skip a level.
	SkippedHeadings []string
	// PageList reports whether the EPUB carries the print edition's page
	// numbers (a page-list navigation and page-break markers).
	PageList bool
	// Summary, Certifier, CertifierCredential and CertifierReport come
	// from the book file; an empty Summary is written from the checks.
	Summary             string
	Certifier           string
	CertifierCredential string
	CertifierReport     string
}

// Conforms reports whether the book passed every check anthology makes
// for EPUB Accessibility 1.1 at WCAG 2.2 Level AA: every image has a text
// alternative or is decorative, no heading skips a level, and the
// language is set.
func (b *Book) Conforms() bool {
	return len(b.Access.MissingAlt) == 0 && len(b.Access.SkippedHeadings) == 0 && b.Lang != ""
}

// Image returns the prepared image called name, or nil.
func (b *Book) Image(name string) *Asset {
	i, ok := slices.BinarySearchFunc(b.Images, name, func(a *Asset, name string) int { return strings.Compare(a.Name, name) })
	if !ok {
		return nil
	}
	return b.Images[i]
}

// WriteDatelines sets every dated post's Dateline: its date as both books
// print it, in the post's language, else the book's.
func (b *Book) WriteDatelines() {
	for _, p := range b.Posts() {
		p.Dateline = ""
		if p.Dated() {
			lang := p.Lang
			if lang == "" {
				lang = b.Lang
			}
			p.Dateline = LocaleFor(lang).Date(p.Date)
		}
	}
}

// Locale returns the labels and date format of the book's language.
func (b *Book) Locale() *Locale { return LocaleFor(b.Lang) }

// Posts returns every post of the book in reading order.
func (b *Book) Posts() []*Post {
	var posts []*Post
	for _, c := range b.Chapters {
		posts = append(posts, c.Posts...)
	}
	return posts
}

// Themes returns the chapter titles, the book's subjects.
func (b *Book) Themes() []string {
	themes := make([]string, 0, len(b.Chapters))
	for _, c := range b.Chapters {
		themes = append(themes, c.Title)
	}
	return themes
}

// Span returns the first and last years of the book's dated posts, or zeros
// when no post is dated.
func (b *Book) Span() (first, last int) {
	for _, p := range b.Posts() {
		if p.Date.IsZero() {
			continue
		}
		y := p.Date.Year()
		if first == 0 || y < first {
			first = y
		}
		if y > last {
			last = y
		}
	}
	return first, last
}

// Chapter is a group of posts that share a theme.
type Chapter struct {
	ID          string // unique within the book, usable as a file name and an anchor
	Title       string
	Description string
	// Words are the telling words a chapter found from its posts' text
	// was named from, most telling first; empty for other chapters.
	Words []string
	Posts []*Post
}

// Post is one blog post as a source yields it, before rendering.
type Post struct {
	ID         string // unique within the book, usable as a file name and an anchor
	Title      string
	Subtitle   string    // a line the blog shows under the title (front matter's subtitle); empty when none
	Date       time.Time // zero when no source gives a date
	Lastmod    time.Time
	Draft      bool
	Expires    time.Time // end of publication (Hugo's expiryDate), zero when never; the pipeline leaves out expired posts
	Slug       string
	Permalinks []string // the addresses the post had on the web, absolute or site-relative
	Tags       []string
	Categories []string
	Summary    string
	Lang       string // BCP 47 tag; empty when unknown
	Author     string
	Cover      string // image path relative to the post, if any
	// MediaPath is where the post's relative image paths are read below
	// instead of its own folder, when its blog says so (Chirpy's
	// media_subpath): a site path ("/assets/img/post") or a web address.
	MediaPath string

	// Body is the post's text in Markdown (CommonMark with GFM extensions).
	Body []byte
	// Flavor says where the post's generator reads its Markdown otherwise
	// than CommonMark does; the zero value is CommonMark's reading.
	Flavor Flavor

	// Source names where the post came from, e.g. a file path, for messages.
	Source string
	// SourceID is the post's own id in its source, when the source has
	// one, e.g. "wordpress:42" for a WordPress post_id. Two posts with
	// different ids are two posts, whatever else they share.
	SourceID string
	// BodyLine is the line of Source on which Body starts, for messages.
	BodyLine int

	// Assets is the folder tree the post's relative images resolve in, and
	// AssetDir the post's own folder inside it. Nothing outside Assets is read.
	Assets   fs.FS
	AssetDir string

	// Theme is the chapter the post belongs to and ThemeReason why
	// (e.g. "category", "tag", "rule", "keywords", "cluster").
	Theme       string
	ThemeReason string
	// ThemeScore is, for a post grouped by its text, its share in [0, 1]
	// of the topic its chapter was found from; 0 otherwise.
	ThemeScore float64

	// Dateline is the post's date as both books print it, in the post's
	// language (else the book's); empty when the post has no date. The
	// build sets it once, before rendering.
	Dateline string
}

// Flavor is how a post's generator reads its Markdown where that reading
// parts from CommonMark's. The source that knows the generator sets it;
// the parse stage alone reads it.
type Flavor struct {
	// LooseEmphasis reads * and _ as kramdown (Jekyll's Markdown) does: a
	// delimiter run opens unless white space follows it and closes unless
	// white space precedes it, whatever punctuation or Chinese, Japanese
	// or Korean text stands beside it ("**重点。**然后", "**"quoted"**here");
	// _ inside a word still neither opens nor closes.
	LooseEmphasis bool
	// EscapedSpace: a backslash before a space is nothing, and lets the
	// emphasis beside it read as next to a space (Hugo's cjk extension,
	// escapedSpace).
	EscapedSpace bool
	// EastAsianBreaks says which line breaks inside a paragraph are no
	// space between East Asian wide characters (Hugo's cjk extension,
	// eastAsianLineBreaks).
	EastAsianBreaks EastAsianBreaks
}

// EastAsianBreaks is a style of reading a line break inside a paragraph
// between East Asian characters, as goldmark's cjk extension names them.
type EastAsianBreaks int

const (
	// BreaksAsSpace reads every line break as a space, as CommonMark does.
	BreaksAsSpace EastAsianBreaks = iota
	// BreaksSimple drops a line break between two East Asian wide
	// characters (goldmark's "simple", Pandoc's east_asian_line_breaks).
	BreaksSimple
	// BreaksCSS3Draft drops a line break as CSS Text 3's segment break
	// rules do (goldmark's "css3draft").
	BreaksCSS3Draft
)

// Dated reports whether the post has a date.
func (p *Post) Dated() bool { return !p.Date.IsZero() }

// ResolveAsset turns a reference found in the post (an image path) into a
// path inside p.Assets. It reports false for references that leave the
// asset tree, are absolute URLs, or when the post has no asset tree.
func (p *Post) ResolveAsset(ref string) (string, bool) {
	if p.Assets == nil || ref == "" || strings.Contains(ref, ":") || strings.HasPrefix(ref, "//") {
		return "", false
	}
	if i := strings.IndexAny(ref, "?#"); i >= 0 {
		ref = ref[:i]
	}
	var name string
	if strings.HasPrefix(ref, "/") {
		name = path.Clean(strings.TrimPrefix(ref, "/"))
	} else {
		name = path.Join(p.AssetDir, ref)
	}
	if !fs.ValidPath(name) || name == "." {
		return "", false
	}
	return name, true
}

// Asset is a file embedded in the book, such as an image, prepared once
// for both renderers: in a format every reading system and the PDF
// library read (JPEG or 8-bit PNG), upright, and no larger than needed.
type Asset struct {
	Name      string // path inside the book, e.g. "images/3f2a9c0e51d4b7a6.jpg"
	MediaType string
	Data      []byte
	// Width and Height are the image's size in pixels; SourceWidth is the
	// width of the original it was scaled down from (for print resolution).
	Width, Height int
	SourceWidth   int
}

// Warning is a problem that did not stop the build: something skipped,
// guessed or left out. Source names the file and Line the line, when known.
type Warning struct {
	Source string
	Line   int
	Msg    string
}

func (w Warning) String() string {
	switch {
	case w.Source == "":
		return w.Msg
	case w.Line > 0:
		return FileName(w.Source) + ":" + strconv.Itoa(w.Line) + ": " + w.Msg
	default:
		return FileName(w.Source) + ": " + w.Msg
	}
}

// FileName is a file's name as a message prints it: as it is, unless it
// holds a character that is not printed as itself (a newline, an escape),
// which could forge lines of output; then quoted (Quote).
func FileName(name string) string {
	for _, r := range name {
		if !unicode.IsGraphic(r) {
			return Quote(name)
		}
	}
	return name
}

// Quote quotes s for a message as %q does, but prints every printable
// character as itself, spaces such as U+00A0 and U+202F of French
// punctuation included: a title reads as it is written. Only what could
// forge or hide output is escaped: control and format characters (a
// newline, a bidirectional override), line separators and bytes that
// are not UTF-8.
func Quote(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for i, w := 0, 0; i < len(s); i += w {
		r, size := utf8.DecodeRuneInString(s[i:])
		w = size
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case unicode.IsGraphic(r):
			b.WriteString(s[i : i+size])
		default:
			q := strconv.QuoteRuneToASCII(r)
			b.WriteString(q[1 : len(q)-1])
		}
	}
	b.WriteByte('"')
	return b.String()
}

// quoted is a string a message formats: its %q is Quote's.
type quoted string

// Format formats q as fmt formats a string, but for %q, which is Quote's.
func (q quoted) Format(f fmt.State, verb rune) {
	if verb == 'q' && !f.Flag('#') && !f.Flag('+') {
		_, _ = io.WriteString(f, Quote(string(q)))
		return
	}
	_, _ = fmt.Fprintf(f, fmt.FormatString(f, verb), string(q))
}

// messageArgs makes the strings among args, and in slices of strings,
// quoted, so that a message's %q prints them as Quote does.
func messageArgs(args []any) []any {
	out := make([]any, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case string:
			out[i] = quoted(v)
		case []string:
			qs := make([]quoted, len(v))
			for j, s := range v {
				qs[j] = quoted(s)
			}
			out[i] = qs
		default:
			out[i] = a
		}
	}
	return out
}

// Report collects the warnings and counts of a build. It is not safe for
// concurrent use; stages that work in parallel collect their own and merge.
type Report struct {
	Warnings []Warning
	// Skipped counts posts left out by reason, e.g. "draft", "future".
	Skipped map[string]int
	// Notes are informative lines shown with -v (merges, rewritten links).
	Notes []string
}

// Warn records a warning. A string its format quotes with %q is quoted
// by Quote.
func (r *Report) Warn(source string, line int, format string, args ...any) {
	r.Warnings = append(r.Warnings, Warning{Source: source, Line: line, Msg: fmt.Sprintf(format, messageArgs(args)...)})
}

// listed is how many items a warning lists before it counts the rest: a
// warning is a line to read, not the book's index.
const listed = 5

// WarnList records a warning that ends in a list of items (posts, each
// already quoted): the last verb of format, a %s, gets the first few
// items and how many more there are ("and 12 more posts"). When some are
// left out, a note (printed with -v) gives the warning with every item.
func (r *Report) WarnList(source string, line int, items []string, noun, format string, args ...any) {
	if len(items) <= listed+1 { // "and 1 more post" is no shorter than the post
		r.Warn(source, line, format, append(args, strings.Join(items, ", "))...)
		return
	}
	more := len(items) - listed
	short := strings.Join(items[:listed], ", ") + fmt.Sprintf(" and %d more %s (-v lists them all)", more, noun)
	r.Warn(source, line, format, append(args, short)...)
	r.Note(format, append(args, strings.Join(items, ", "))...)
}

// Skip counts a post left out for reason.
func (r *Report) Skip(reason string) {
	if r.Skipped == nil {
		r.Skipped = map[string]int{}
	}
	r.Skipped[reason]++
}

// Note records an informative line; its %q is Quote's, as Warn's.
func (r *Report) Note(format string, args ...any) {
	r.Notes = append(r.Notes, fmt.Sprintf(format, messageArgs(args)...))
}

// Merge appends other's warnings, counts and notes to r.
func (r *Report) Merge(other *Report) {
	if other == nil {
		return
	}
	r.Warnings = append(r.Warnings, other.Warnings...)
	for k, v := range other.Skipped {
		if r.Skipped == nil {
			r.Skipped = map[string]int{}
		}
		r.Skipped[k] += v
	}
	r.Notes = append(r.Notes, other.Notes...)
}

// SourceError is bad input: a file that cannot be read as what it claims
// to be. Line is 0 when unknown.
type SourceError struct {
	File string
	Line int
	Err  error
}

func (e *SourceError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", FileName(e.File), e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", FileName(e.File), e.Err)
}

func (e *SourceError) Unwrap() error { return e.Err }
