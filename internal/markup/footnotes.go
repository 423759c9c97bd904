package markup

import (
	"slices"

	"github.com/yuin/goldmark"
	gast "github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// footnotes is goldmark's footnote extension with its reference parser and
// its final transformer made linear. goldmark's look each reference up by
// walking every definition and sort the notes by insertion, so a post of
// 50,000 notes took over a minute; these use a map and a stable sort. The
// definitions' parser, the nodes and the HTML renderer are goldmark's, so
// both renderers see the same nodes as before.
type footnotes struct {
	options []extension.FootnoteOption
}

func (e footnotes) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithBlockParsers(util.Prioritized(extension.NewFootnoteBlockParser(), 999)),
		parser.WithInlineParsers(util.Prioritized(footnoteRefParser{}, 101)),
		parser.WithASTTransformers(util.Prioritized(footnoteTransformer{}, 999)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(
		util.Prioritized(extension.NewFootnoteHTMLRenderer(e.options...), 500),
	))
}

// footnoteState is what a parse knows of its notes: the list of
// definitions, found once, each by its label, and the references in the
// order they were met.
type footnoteState struct {
	list  *ast.FootnoteList
	byRef map[string]*ast.Footnote
	links []*ast.FootnoteLink
}

var footnoteStateKey = parser.NewContextKey()

// state returns the parse's footnote state, finding the definitions the
// first time a reference asks.
func footnoteStateOf(doc gast.Node, pc parser.Context) *footnoteState {
	if s, ok := pc.Get(footnoteStateKey).(*footnoteState); ok {
		return s
	}
	s := &footnoteState{byRef: map[string]*ast.Footnote{}}
	s.list = findFootnoteList(doc)
	if s.list != nil {
		for def := s.list.FirstChild(); def != nil; def = def.NextSibling() {
			if d, ok := def.(*ast.Footnote); ok {
				if _, seen := s.byRef[string(d.Ref)]; !seen {
					s.byRef[string(d.Ref)] = d // the first definition of a label wins
				}
			}
		}
	}
	pc.Set(footnoteStateKey, s)
	return s
}

// findFootnoteList returns the list goldmark's definition parser made, or
// nil when the post defines no note.
func findFootnoteList(doc gast.Node) *ast.FootnoteList {
	var list *ast.FootnoteList
	_ = gast.Walk(doc, func(n gast.Node, entering bool) (gast.WalkStatus, error) {
		if l, ok := n.(*ast.FootnoteList); ok && entering {
			list = l
			return gast.WalkStop, nil
		}
		return gast.WalkContinue, nil
	})
	return list
}

// footnoteRefParser reads a reference to a note, [^label], as goldmark's
// does, looking the label up in a map.
type footnoteRefParser struct{}

func (footnoteRefParser) Trigger() []byte { return []byte{'!', '['} }

func (footnoteRefParser) Parse(parent gast.Node, block text.Reader, pc parser.Context) gast.Node {
	line, segment := block.PeekLine()
	pos := 1
	if len(line) > 0 && line[0] == '!' {
		pos++
	}
	if pos >= len(line) || line[pos] != '^' {
		return nil
	}
	pos++
	if pos >= len(line) {
		return nil
	}
	open := pos
	closure := util.FindClosure(line[pos:], '[', ']', false, false) //nolint:staticcheck // as goldmark reads it
	if closure < 0 {
		return nil
	}
	closes := pos + closure
	label := block.Value(text.NewSegment(segment.Start+open, segment.Start+closes))
	s := footnoteStateOf(parent.OwnerDocument(), pc)
	def := s.byRef[string(label)]
	if def == nil {
		return nil
	}
	block.Advance(closes + 1)
	if def.Index < 0 {
		s.list.Count++
		def.Index = s.list.Count
	}
	link := ast.NewFootnoteLink(def.Index)
	s.links = append(s.links, link)
	if line[0] == '!' {
		parent.AppendChild(parent, gast.NewTextSegment(text.NewSegment(segment.Start, segment.Start+1)))
	}
	return link
}

// footnoteTransformer numbers each reference among those to the same note,
// gives each note its back links, drops notes nothing refers to, and puts
// the list, in reference order, at the end of the post: what goldmark's
// does, in linear time.
type footnoteTransformer struct{}

func (footnoteTransformer) Transform(doc *gast.Document, reader text.Reader, pc parser.Context) {
	s, _ := pc.Get(footnoteStateKey).(*footnoteState)
	if s == nil {
		// No reference was read: no note is shown.
		if list := findFootnoteList(doc); list != nil {
			list.Parent().RemoveChild(list.Parent(), list)
		}
		return
	}
	pc.Set(footnoteStateKey, nil)
	if s.list == nil {
		return
	}
	refs := map[int]int{}
	for _, link := range s.links {
		refs[link.Index]++
	}
	seen := map[int]int{}
	for _, link := range s.links {
		link.RefCount = refs[link.Index]
		link.RefIndex = seen[link.Index]
		seen[link.Index]++
	}
	var notes []*ast.Footnote
	for n := s.list.FirstChild(); n != nil; {
		next := n.NextSibling()
		s.list.RemoveChild(s.list, n)
		if fn, ok := n.(*ast.Footnote); ok && fn.Index >= 0 {
			notes = append(notes, fn)
		}
		n = next
	}
	for _, fn := range notes {
		var container gast.Node = fn
		if last := fn.LastChild(); last != nil && gast.IsParagraph(last) {
			container = last
		}
		for i := range refs[fn.Index] {
			back := ast.NewFootnoteBacklink(fn.Index)
			back.RefCount, back.RefIndex = refs[fn.Index], i
			container.AppendChild(container, back)
		}
	}
	slices.SortStableFunc(notes, func(a, b *ast.Footnote) int { return a.Index - b.Index })
	for _, fn := range notes {
		s.list.AppendChild(s.list, fn)
	}
	s.list.Parent().RemoveChild(s.list.Parent(), s.list)
	if s.list.Count > 0 {
		doc.AppendChild(doc, s.list)
	}
}
