// Package theme groups posts into chapters, between the sources, which
// yield posts, and the renderers, which lay out chapters. A post's theme
// comes, in this order, from the book file's rules, from its categories,
// from its tags, and last from its text: posts with no rule and no usable
// taxonomy are clustered by content. Posts are ordered by date inside
// their chapter, and chapters by their first post or as asked.
package theme

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/parallel"
)

// Other is the chapter of posts that have no theme.
const Other = "Other"

// DefaultMinChapterSize is the fewest posts a chapter found automatically
// may have: smaller groups fold into their nearest chapter or into Other.
const DefaultMinChapterSize = 2

// Reasons a post is in its chapter, as Post.ThemeReason says.
const (
	ReasonRule     = "rule"     // pinned by the book file, or its tags match a rule's
	ReasonKeywords = "keywords" // a rule's keywords are in its title or text
	ReasonCategory = "category"
	ReasonTag      = "tag"
	ReasonCluster  = "cluster" // grouped with posts of similar text
	ReasonOther    = "other"   // like no other post
)

// Rule is one chapter the blogger asks for, from the book file's themes.
type Rule struct {
	Name        string
	Description string
	// Match lists tags and categories, and Aliases other spellings of them;
	// both are folded (see FoldTerm), and the rule's name counts as one.
	Match   []string
	Aliases []string
	// Keywords are words and phrases looked for in titles and text.
	Keywords []string
	// Posts pins posts by slug or title: they go to this chapter whatever
	// else matches.
	Posts []string
}

// Order is the order of chapters in the book.
type Order string

// The chapter orders. Every order puts Other last.
const (
	ByDate  Order = "date"  // by first post; chapters of undated posts last
	ByBook  Order = "book"  // the book file's themes first, in its order; then by date
	ByTitle Order = "title" // alphabetical
	BySize  Order = "size"  // most posts first, then by date
)

// Orders lists the chapter orders, for help texts and errors.
var Orders = []Order{ByDate, ByBook, ByTitle, BySize}

// ParseOrder reads a chapter order; the empty string is ByDate.
func ParseOrder(s string) (Order, error) {
	if s == "" {
		return ByDate, nil
	}
	for _, o := range Orders {
		if string(o) == s {
			return o, nil
		}
	}
	return "", fmt.Errorf("unknown chapter order %q (want one of date, book, title, size)", s)
}

// Options tunes the grouping.
type Options struct {
	Rules []Rule
	// Chapters asks for about this many chapters; 0 lets the posts decide
	// (about the square root of the number of posts left to cluster).
	Chapters int
	// MinChapterSize is the fewest posts of a chapter found from tags,
	// categories or text; 0 means DefaultMinChapterSize. Rules are kept
	// whatever their size.
	MinChapterSize int
	Order          Order
	// Prose returns a post's running text as parsed once, before grouping
	// (markup.Doc.Prose); nil reads each post's body as plain text.
	Prose func(*book.Post) string
}

// prose returns the running text Prose gives for p.
func (o Options) prose(p *book.Post) string {
	if o.Prose == nil {
		return string(p.Body)
	}
	return o.Prose(p)
}

func (o Options) check() error {
	if o.Chapters < 0 {
		return fmt.Errorf("chapters must not be negative, got %d", o.Chapters)
	}
	if o.MinChapterSize < 0 {
		return fmt.Errorf("min chapter size must not be negative, got %d", o.MinChapterSize)
	}
	if _, err := ParseOrder(string(o.Order)); err != nil {
		return err
	}
	seen := map[string]string{}
	for i, r := range o.Rules {
		name := strings.TrimSpace(r.Name)
		if name == "" {
			return fmt.Errorf("theme %d has no name", i+1)
		}
		key := FoldTerm(name)
		if prev, ok := seen[key]; ok {
			return fmt.Errorf("themes %q and %q have the same name", prev, name)
		}
		seen[key] = name
	}
	return nil
}

func (o Options) minSize() int {
	if o.MinChapterSize == 0 {
		return DefaultMinChapterSize
	}
	return o.MinChapterSize
}

// Group assigns each post a theme, setting its Theme and ThemeReason, and
// returns the chapters in book order with the warnings of the grouping.
// The result depends only on the posts' content, not on their order.
// Chapter and post IDs are left for the caller to assign.
func Group(posts []*book.Post, opts Options) ([]*book.Chapter, *book.Report, error) {
	if err := opts.check(); err != nil {
		return nil, nil, err
	}
	g := newGrouper(posts, opts)
	g.applyRules()
	g.applyTaxonomy()
	g.applyClusters()
	return g.result(), g.report, nil
}

// draft is a chapter being built.
type draft struct {
	title, description string
	rule               int // index of the rule, -1 for automatic chapters
	reason             string
	members            []int // indexes into grouper.posts
	key                string
	words              []string // the telling words a chapter found by text is named from
}

// grouper holds the state of one Group call.
type grouper struct {
	opts    Options
	posts   []*book.Post // sorted by PostBefore, so no result depends on input order
	docs    []*doc       // nil until textDocs reads them
	where   []*draft     // post index -> its chapter, nil while unassigned
	reasons []string
	drafts  []*draft
	report  *book.Report
	scores  map[int]float64 // post index -> its share of its topic, for posts grouped by text
}

func newGrouper(posts []*book.Post, opts Options) *grouper {
	sorted := append([]*book.Post(nil), posts...)
	SortPosts(sorted)
	g := &grouper{
		opts:    opts,
		posts:   sorted,
		where:   make([]*draft, len(sorted)),
		reasons: make([]string, len(sorted)),
		report:  &book.Report{},
	}
	return g
}

// textDocs returns the posts' words, read on first use: a blog whose
// categories or tags place every post, under rules without keywords,
// never needs them (a fifth of the processor time of a 1,000-post EPUB).
func (g *grouper) textDocs() []*doc {
	if g.docs != nil {
		return g.docs
	}
	// Reading a post's words depends on that post alone: do it on all cores.
	g.docs = make([]*doc, len(g.posts))
	v := newVocab(blogLangs(g.posts))
	err := parallel.ForEach(context.Background(), len(g.posts), func(i int) error {
		g.docs[i] = newDoc(g.posts[i], g.opts.prose(g.posts[i]), v)
		return nil
	})
	if err != nil {
		panic(err) // only a worker's panic fails here: it is this goroutine's too
	}
	return g.docs
}

func (g *grouper) assign(i int, d *draft, reason string) {
	g.where[i], g.reasons[i] = d, reason
	d.members = append(d.members, i)
}

func (g *grouper) unassigned() []int {
	var out []int
	for i, d := range g.where {
		if d == nil {
			out = append(out, i)
		}
	}
	return out
}

// result turns the drafts into chapters in book order and tells each post
// its theme.
func (g *grouper) result() []*book.Chapter {
	var drafts []*draft
	for _, d := range g.drafts {
		if len(d.members) == 0 {
			if d.rule >= 0 {
				g.report.Warn("", 0, "theme %q matches no post: left out", d.title)
			}
			continue
		}
		sort.Ints(d.members)
		drafts = append(drafts, d)
	}
	sort.SliceStable(drafts, func(i, j int) bool { return g.draftBefore(drafts[i], drafts[j]) })
	chapters := make([]*book.Chapter, 0, len(drafts))
	for _, d := range drafts {
		c := &book.Chapter{Title: d.title, Description: d.description, Words: d.words}
		for _, i := range d.members {
			p := g.posts[i]
			p.Theme, p.ThemeReason, p.ThemeScore = d.title, g.reasons[i], 0
			if g.reasons[i] == ReasonCluster {
				p.ThemeScore = g.scores[i]
			}
			c.Posts = append(c.Posts, p)
		}
		chapters = append(chapters, c)
	}
	return chapters
}

func (g *grouper) draftBefore(a, b *draft) bool {
	if ao, bo := a.title == Other, b.title == Other; ao != bo {
		return bo
	}
	pa, pb := g.posts[a.members[0]], g.posts[b.members[0]]
	switch g.opts.Order {
	case ByBook:
		if (a.rule >= 0) != (b.rule >= 0) {
			return a.rule >= 0
		}
		if a.rule >= 0 {
			return a.rule < b.rule
		}
	case ByTitle:
		if ka, kb := titleKey(a.title), titleKey(b.title); ka != kb {
			return ka < kb
		}
	case BySize:
		if len(a.members) != len(b.members) {
			return len(a.members) > len(b.members)
		}
	}
	if pa.Dated() != pb.Dated() {
		return pa.Dated()
	}
	if pa.Dated() && !pa.Date.Equal(pb.Date) {
		return pa.Date.Before(pb.Date)
	}
	return a.title < b.title
}

// titleKey compares titles as a reader would: case, accents and
// punctuation aside.
func titleKey(s string) string {
	return strings.Join(strings.FieldsFunc(stripAccents(strings.ToLower(s)), isWordBreak), " ")
}

// SortPosts orders posts by date, then title, then source, so the order is
// total; undated posts come last.
func SortPosts(posts []*book.Post) {
	sort.SliceStable(posts, func(i, j int) bool { return PostBefore(posts[i], posts[j]) })
}

// PostBefore is the book's order of posts.
func PostBefore(a, b *book.Post) bool {
	if a.Dated() != b.Dated() {
		return a.Dated()
	}
	if !a.Date.Equal(b.Date) {
		return a.Date.Before(b.Date)
	}
	if a.Title != b.Title {
		return a.Title < b.Title
	}
	return a.Source < b.Source
}
