// Package markup parses each post's Markdown once with goldmark and
// normalises it into the one document both renderers walk: raw HTML turned
// into Markdown's nodes, escapes and entities resolved, captioned images
// made figures. It offers the result two ways: the AST, which the PDF
// renderer lays out, and well-formed, sanitized XHTML, which the EPUB
// renderer packages.
package markup

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"strconv"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/parallel"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Doc is one post parsed once.
type Doc struct {
	Post *book.Post
	// Source is what the AST's segments point into: the post's Markdown,
	// then the text normalisation made.
	Source []byte
	// Root is the goldmark document node.
	Root ast.Node
	// Prefix starts every id of the post (headings, footnotes), so that ids
	// of different posts never collide in a book.
	Prefix string
	// Warnings are what normalisation changed that the post's author
	// should hear of.
	Warnings []Warning
	// HeadingAliases are the ids Hugo's default gives the headings whose
	// text holds letters outside ASCII ("peer-使用"), without the prefix,
	// each with the heading's id in the book.
	HeadingAliases map[string]string
}

// Warning is one thing normalisation changed in a post.
type Warning struct {
	Line int // of the post's source file; 0 when unknown
	Msg  string
}

// Release lets the document's tree go once no renderer will read it: the
// trees of a book take several times the memory of its Markdown. Root is
// nil afterwards.
func (d *Doc) Release() { d.Root = nil }

// Docs holds the parsed documents of a book by post ID.
type Docs map[string]*Doc

// typography maps goldmark's typographic substitutions to UTF-8 characters:
// its defaults are named entities, which XHTML does not know.
var typography = map[extension.TypographicPunctuation]string{
	extension.LeftSingleQuote:  "‘",
	extension.RightSingleQuote: "’",
	extension.LeftDoubleQuote:  "“",
	extension.RightDoubleQuote: "”",
	extension.EnDash:           "–",
	extension.EmDash:           "—",
	extension.Ellipsis:         "…",
	extension.LeftAngleQuote:   "«",
	extension.RightAngleQuote:  "»",
	extension.Apostrophe:       "’",
}

const prefixKey = "anthology-id-prefix"

// newMarkdown returns the goldmark configuration posts of flavor f go
// through: CommonMark with GFM, footnotes, definition lists and typographic
// punctuation, formulas kept from Markdown's reading (math.go), and what f
// reads otherwise than CommonMark (flavor.go). Raw HTML is kept; the XHTML
// stage sanitizes it.
func newMarkdown(f book.Flavor) goldmark.Markdown {
	parserOptions := append([]parser.Option{parser.WithAutoHeadingID(), parser.WithAttribute()}, flavorParserOptions(f)...)
	return goldmark.New(
		goldmark.WithExtensions(
			extension.Linkify,
			extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignStyle)),
			extension.Strikethrough,
			extension.TaskList,
			extension.DefinitionList,
			extension.NewTypographer(extension.WithTypographicSubstitutions(typography)),
			footnotes{options: []extension.FootnoteOption{extension.WithFootnoteIDPrefixFunction(footnotePrefix)}},
			mathExtension,
		),
		goldmark.WithParserOptions(parserOptions...),
		goldmark.WithRendererOptions(html.WithUnsafe(), html.WithXHTML(),
			renderer.WithNodeRenderers(util.Prioritized(nodeRenderer{}, 100))),
	)
}

func footnotePrefix(n ast.Node) []byte {
	if doc := n.OwnerDocument(); doc != nil {
		if p, ok := doc.Meta()[prefixKey].(string); ok {
			return []byte(p)
		}
	}
	return nil
}

var (
	mdMu sync.Mutex
	md   = map[book.Flavor]goldmark.Markdown{}
)

// markdown returns the configuration of flavor f, made once: a book has
// posts of one flavor or a few.
func markdown(f book.Flavor) goldmark.Markdown {
	f.EastAsianBreaks = book.BreaksAsSpace // read after parsing (eastAsianBreaks)
	mdMu.Lock()
	defer mdMu.Unlock()
	m, ok := md[f]
	if !ok {
		m = newMarkdown(f)
		md[f] = m
	}
	return m
}

// Parse parses a post's body and normalises the document: raw HTML becomes
// Markdown's nodes, texts hold what a reader sees, captioned images become
// figures. The post's ID prefixes every id it makes.
//
// Content nested deeper than MaxDepth is kept flat at that depth, with a
// warning: lines indented past MaxIndent are cut to it before parsing.
func Parse(p *book.Post) *Doc {
	prefix := p.ID + "-"
	ids := &prefixedIDs{prefix: prefix, used: map[string]bool{}}
	ctx := parser.NewContext(parser.WithIDs(ids))
	body, cutAt := capIndent(p.Body)
	root := markdown(p.Flavor).Parser().Parse(text.NewReader(body), parser.WithContext(ctx))
	if doc, ok := root.(*ast.Document); ok {
		doc.AddMeta(prefixKey, prefix)
	}
	ownIDs := scopeHeadingIDs(root, prefix)
	src, deepAt, formulas := normalise(root, body, prefix, ownIDs, p.Flavor)
	d := &Doc{Post: p, Source: src, Root: root, Prefix: prefix, HeadingAliases: ids.aliases}
	if msg := formulas.warning(); msg != "" {
		d.Warnings = append(d.Warnings, Warning{Line: bodyLine(p, body, formulas.firstFailAt), Msg: msg})
	}
	if cutAt >= 0 && (deepAt < 0 || cutAt < deepAt) {
		deepAt = cutAt
	}
	if deepAt >= 0 {
		d.Warnings = append(d.Warnings, Warning{
			Line: bodyLine(p, body, deepAt),
			Msg:  fmt.Sprintf("content nested more than %d levels deep is kept flat at that depth", MaxDepth),
		})
	}
	return d
}

// bodyLine returns the line of p's source file that offset at of its
// body is on, or 0 when unknown.
func bodyLine(p *book.Post, body []byte, at int) int {
	if p.BodyLine <= 0 || at < 0 || at > len(body) {
		return 0
	}
	return p.BodyLine + bytes.Count(body[:at], []byte("\n"))
}

// ParseAll parses every post, several at a time, bounded by GOMAXPROCS,
// calling done (when not nil) as each is parsed. The result does not
// depend on the order of the work.
func ParseAll(ctx context.Context, posts []*book.Post, done func()) (Docs, error) {
	docs := make([]*Doc, len(posts))
	err := parallel.ForEach(ctx, len(posts), func(i int) error {
		docs[i] = Parse(posts[i])
		if done != nil {
			done()
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make(Docs, len(docs))
	for _, d := range docs {
		out[d.Post.ID] = d
	}
	return out, nil
}

// headingLinks are the links and images of a heading's source: their
// text names the heading, their address does not.
var headingLinks = regexp.MustCompile(`!?\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])`)

// prefixedIDs generates heading ids scoped to one post.
type prefixedIDs struct {
	prefix  string
	used    map[string]bool
	aliases map[string]string // a heading's id in every script -> its id
}

// Generate makes a heading's id from its text, ASCII only (see keptID):
// letters and digits in lower case, spaces as hyphens, other signs
// dropped, a link's address no part of it ("## What is
// [WebRTC](https://…)" is "what-is-webrtc"). Where the text holds letters
// of other scripts, the id Hugo's default (GitHub's way) makes of it,
// which keeps them ("peer-使用", "résumé-du-projet"), is kept as an alias
// for links to find the heading by.
func (s *prefixedIDs) Generate(value []byte, kind ast.NodeKind) []byte {
	var slug, wide []byte
	for _, r := range string(headingLinks.ReplaceAll(bytes.TrimSpace(value), []byte("$1"))) {
		switch {
		case r < 128 && util.IsAlphaNumeric(byte(r)):
			slug = append(slug, byte(r|0x20)) // ASCII lower case; digits are unchanged
			wide = append(wide, byte(r|0x20))
		case r >= 128 && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)):
			wide = utf8.AppendRune(wide, unicode.ToLower(r))
		case r == ' ' || r == '-' || r == '_':
			if len(slug) > 0 && slug[len(slug)-1] != '-' {
				slug = append(slug, '-')
			}
			if len(wide) > 0 && wide[len(wide)-1] != '-' {
				wide = append(wide, '-')
			}
		}
	}
	slug = bytes.Trim(slug, "-")
	if len(slug) == 0 {
		slug = []byte("section")
	}
	id := s.prefix + string(slug)
	for i := 2; s.used[id]; i++ {
		id = s.prefix + string(slug) + "-" + strconv.Itoa(i)
	}
	s.used[id] = true
	if w := string(bytes.Trim(wide, "-")); w != "" && w != string(slug) {
		if s.aliases == nil {
			s.aliases = map[string]string{}
		}
		if _, taken := s.aliases[w]; !taken {
			s.aliases[w] = id
		}
	}
	return []byte(id)
}

func (s *prefixedIDs) Put(value []byte) { s.used[string(value)] = true }
