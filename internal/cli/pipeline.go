package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/gofrs/uuid/v5"
	"github.com/spf13/pflag"
	"golang.org/x/text/unicode/norm"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/config"
	"github.com/anthology-book/anthology/internal/source"
)

// bookOptions say which book to make: the flags compile and plan share.
type bookOptions struct {
	sources    []string
	configPath string
	title      string
	author     string
	lang       string
	drafts     bool
	strict     bool
	themeFlags
	sourceFlags
}

func (o *bookOptions) addFlags(f *pflag.FlagSet) {
	f.StringVarP(&o.configPath, "config", "c", "", "book file (default: ./anthology.yaml, else anthology.yaml in the first SOURCE folder)")
	f.StringVar(&o.title, "title", "", "book title (default: the book file's, else the first SOURCE's name)")
	f.StringVar(&o.author, "author", "", "book author (default: the book file's, else the posts' most common author)")
	f.StringVar(&o.lang, "lang", "", `book language, e.g. "en" or "fr" (default: the book file's, else the posts' most common, else "en")`)
	f.BoolVar(&o.drafts, "drafts", false, "include drafts and posts dated after the build date")
	f.BoolVar(&o.strict, "strict", false, "treat warnings as errors")
	o.themeFlags.addFlags(f)
	o.sourceFlags.addFlags(f)
}

// loadConfig reads the book file the options name, or the one found in the
// usual places, or returns an empty one.
func loadConfig(o *bookOptions) (*config.Config, error) {
	if o.configPath != "" {
		c, err := config.Load(o.configPath)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, userError{msg: fmt.Sprintf("book file %q not found", o.configPath)}
		}
		return c, err
	}
	candidates := []string{config.DefaultName}
	if len(o.sources) > 0 {
		if info, err := os.Stat(o.sources[0]); err == nil && info.IsDir() {
			candidates = append(candidates, filepath.Join(o.sources[0], config.DefaultName))
		}
	}
	for _, path := range candidates {
		if _, err := os.Stat(path); err == nil {
			return config.Load(path)
		}
	}
	return &config.Config{}, nil
}

// assemble runs the pipeline up to a book with chapters: read the sources,
// leave out drafts and future posts, group by theme, and fill the book's
// metadata. Warnings go to the returned report.
func assemble(ctx context.Context, g *globalOptions, o *bookOptions) (*book.Book, *book.Report, error) {
	cfg, err := loadConfig(o)
	if err != nil {
		return nil, nil, err
	}
	rep := &book.Report{}
	posts, err := source.Load(ctx, o.sources, o.sourceFlags.apply(sourceOptions(cfg)), rep)
	if err != nil {
		return nil, nil, err
	}
	if len(posts) == 0 {
		return nil, nil, userError{
			msg:  fmt.Sprintf("no posts found in %s", strings.Join(o.sources, ", ")),
			hint: "a SOURCE is a folder of Markdown posts, a Markdown file, a WordPress export, a feed (RSS, Atom, JSON Feed) or a text file",
		}
	}
	buildDate, err := buildDate(g, posts)
	if err != nil {
		return nil, nil, err
	}
	posts = selectPosts(posts, buildDate, o.drafts, rep)
	if len(posts) == 0 {
		return nil, nil, userError{
			msg:  "every post is a draft or dated after the build date",
			hint: "use --drafts to include them",
		}
	}
	for _, p := range posts {
		if !p.Dated() {
			rep.Warn(p.Source, 0, "post %q has no date; it is placed last in its chapter", p.Title)
		}
	}
	b := &book.Book{
		Title:       first(o.title, cfg.Title),
		Subtitle:    cfg.Subtitle,
		Author:      first(o.author, cfg.Author, mostCommon(posts, func(p *book.Post) string { return p.Author })),
		Lang:        first(o.lang, cfg.Lang, mostCommon(posts, func(p *book.Post) string { return book.BaseLang(p.Lang) }), "en"),
		Description: cfg.Description,
		Date:        buildDate,
	}
	if b.Title == "" {
		b.Title = defaultTitle(o.sources[0])
		rep.Warn("", 0, "no title given; the book is called %q (set --title or title: in the book file)", b.Title)
	}
	if b.Author == "" {
		rep.Warn("", 0, "no author given; the book has none (set --author or author: in the book file)")
	}
	b.Identifier = identifier(b.Title, b.Author)
	chapters, err := groupPosts(cfg, &o.themeFlags, posts, rep)
	if err != nil {
		return nil, nil, err
	}
	b.Chapters = chapters
	assignIDs(b)
	return b, rep, nil
}

// finishReport prints the warnings and, with --strict, fails on them.
func finishReport(g *globalOptions, o *bookOptions, rep *book.Report) error {
	if !g.quiet {
		for _, w := range rep.Warnings {
			fmt.Fprintf(g.stderr, "warning: %s\n", w)
		}
	}
	if g.verbose {
		for _, n := range rep.Notes {
			fmt.Fprintf(g.stderr, "%s\n", n)
		}
	}
	if o.strict && len(rep.Warnings) > 0 {
		return userError{
			msg:  fmt.Sprintf("%d warning%s and --strict is set", len(rep.Warnings), plural(len(rep.Warnings))),
			hint: "fix what the warnings say, or leave out --strict",
		}
	}
	return nil
}

// buildDate is SOURCE_DATE_EPOCH when set, else the newest post's date, so
// that a book never depends on when it was made.
func buildDate(g *globalOptions, posts []*book.Post) (time.Time, error) {
	if s := strings.TrimSpace(g.getenv("SOURCE_DATE_EPOCH")); s != "" {
		secs, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return time.Time{}, userError{msg: fmt.Sprintf("SOURCE_DATE_EPOCH=%q is not a number of seconds", s)}
		}
		return time.Unix(secs, 0).UTC(), nil
	}
	var newest time.Time
	for _, p := range posts {
		if !p.Draft && p.Date.After(newest) {
			newest = p.Date
		}
	}
	if newest.IsZero() {
		return time.Unix(0, 0).UTC(), nil
	}
	return newest.UTC(), nil
}

// selectPosts leaves out drafts, posts dated after the build date and posts
// expired by then, counting them, unless drafts are asked for.
func selectPosts(posts []*book.Post, buildDate time.Time, drafts bool, rep *book.Report) []*book.Post {
	if drafts {
		return posts
	}
	kept := posts[:0:0]
	for _, p := range posts {
		switch {
		case p.Draft:
			rep.Skip("draft")
		case p.Date.After(buildDate):
			rep.Skip("future")
		case !p.Expires.IsZero() && !p.Expires.After(buildDate):
			rep.Skip("expired")
		default:
			kept = append(kept, p)
		}
	}
	return kept
}

// assignIDs names chapters and posts in reading order. The IDs become file
// names and anchors, so they are plain ASCII.
func assignIDs(b *book.Book) {
	width := len(strconv.Itoa(len(b.Posts())))
	n := 0
	for i, c := range b.Chapters {
		c.ID = fmt.Sprintf("c%02d", i+1)
		for _, p := range c.Posts {
			n++
			p.ID = fmt.Sprintf("p%0*d", max(width, 3), n)
		}
	}
}

// identifier derives the book's identifier from its title and author, so
// that a new edition of the same book keeps it.
func identifier(title, author string) string {
	return "urn:uuid:" + uuid.NewV5(uuid.NamespaceURL, "anthology:"+title+"\x00"+author).String()
}

func first(values ...string) string {
	for _, v := range values {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

// mostCommon returns the value of field most posts share, ties broken by
// the value itself; empty values do not count.
func mostCommon(posts []*book.Post, field func(*book.Post) string) string {
	counts := map[string]int{}
	for _, p := range posts {
		if v := strings.TrimSpace(field(p)); v != "" {
			counts[v]++
		}
	}
	best, bestN := "", 0
	for v, n := range counts {
		if n > bestN || (n == bestN && v < best) {
			best, bestN = v, n
		}
	}
	return best
}

func defaultTitle(src string) string {
	base := filepath.Base(filepath.Clean(src))
	base = strings.TrimSuffix(base, filepath.Ext(base))
	words := strings.FieldsFunc(base, func(r rune) bool { return r == '-' || r == '_' || r == ' ' })
	for i, w := range words {
		r := []rune(w)
		r[0] = unicode.ToUpper(r[0])
		words[i] = string(r)
	}
	if len(words) == 0 {
		return "Anthology"
	}
	return strings.Join(words, " ")
}

// slugify makes a file name from a title: lower-case ASCII letters and
// digits joined by hyphens, accents removed.
func slugify(s string) string {
	var out []rune
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			out = append(out, r)
		case len(out) > 0 && out[len(out)-1] != '-':
			out = append(out, '-')
		}
	}
	slug := strings.Trim(string(out), "-")
	if slug == "" {
		return "book"
	}
	return slug
}

// sortedKeys returns a map's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
