package markup

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/anthology-book/anthology/internal/markup/texmath"
)

// Formulas are read where MathJax and KaTeX find them in a published
// page, with their default delimiters. $$…$$ in the Markdown is kept from
// Markdown's reading, as kramdown and Hugo's passthrough extension keep
// it: a block ($$ opening a line, $$ ending it or a later one) stands on
// its own line, as kramdown's do; in a sentence, it stays there. \( and
// \[ are Markdown's escapes of a parenthesis and a bracket, so a page
// shows "\(" only where the Markdown says "\\(" (or raw HTML says "\("):
// \(…\), \[…\] and WordPress.com's "$latex …$" are found in the text a
// reader sees, once escapes are resolved; \[…\] and a $$…$$ found there
// stand on their own line, as the scripts show them. A single $ is not a
// delimiter:
// prices are written with it (a site that makes it one has its formulas
// rewritten to $$…$$ before, by the dialect package). Each formula is set
// once, here, by texmath into text both books print alike; one it cannot
// set is shown as its TeX, in code type.

// mathExtension keeps formulas in the Markdown from Markdown's reading.
// Hugo's passthrough extension (gohugoio/hugo-goldmark-extensions) does
// the same, but its AST transformer walks every document twice and
// rebuilds each paragraph holding a formula without its lines, so that a
// formula spanning lines of a quote kept the quote's "> " marks.
var mathExtension goldmark.Extender = formulaExtension{}

type formulaExtension struct{}

func (formulaExtension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithBlockParsers(util.Prioritized(formulaBlockParser{}, 650)),
		parser.WithInlineParsers(util.Prioritized(formulaParser{}, 201)))
}

// formulaBlockParser reads a formula block as kramdown does: $$ at the
// start of a line, $$ at the end of the same line or a later one, no
// blank line between. Markdown's block syntax stays out of it: a row that
// is only "=" or "+" makes no heading or list.
type formulaBlockParser struct{}

// kindKeptFormulaBlock is the kind of a keptFormulaBlock node.
var kindKeptFormulaBlock = ast.NewNodeKind("KeptFormulaBlock")

// keptFormulaBlock is a formula block as Markdown was read: its lines,
// delimiters left out, until math sets it.
type keptFormulaBlock struct {
	ast.BaseBlock
	oneLine bool // it ended on the line it began
}

func (n *keptFormulaBlock) Kind() ast.NodeKind { return kindKeptFormulaBlock }

func (n *keptFormulaBlock) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

// maxFormulaLines is the most lines a formula block may span, and
// maxFormulaGap the most lines before its last blank one: rows set apart
// by blank lines, as kramdown reads them, but no stray $$ reaching for
// another formula's far away.
const (
	maxFormulaLines = 500
	maxFormulaGap   = 30
)

func (formulaBlockParser) Trigger() []byte { return []byte{'$'} }

func (formulaBlockParser) Open(_ ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, segment := reader.PeekLine()
	pos := pc.BlockOffset()
	if pos < 0 || !bytes.HasPrefix(line[pos:], []byte(formulaMark)) {
		return nil, parser.NoChildren
	}
	rest := line[pos+len(formulaMark):]
	if bytes.HasPrefix(bytes.TrimSpace(rest), []byte(inlineMark)) {
		return nil, parser.NoChildren // the site's inline formula, alone in its paragraph
	}
	node := &keptFormulaBlock{}
	start := segment.Start + pos + len(formulaMark)
	if end := bytes.Index(rest, []byte(formulaMark)); end >= 0 {
		if !util.IsBlank(rest[end+len(formulaMark):]) || end == 0 {
			return nil, parser.NoChildren // "$$x$$ and more": a formula in a sentence
		}
		node.Lines().Append(text.NewSegment(start, start+end))
		node.oneLine = true
		reader.AdvanceToEOL()
		return node, parser.NoChildren
	}
	if !closesLater(reader.Source(), segment.Stop) {
		return nil, parser.NoChildren
	}
	node.Lines().Append(text.NewSegment(start, segment.Stop))
	reader.AdvanceToEOL()
	return node, parser.NoChildren
}

// closesLater reports whether the first $$ after from, within
// maxFormulaLines, ends its line.
func closesLater(src []byte, from int) bool {
	for n := 0; from < len(src) && n < maxFormulaLines; n++ {
		end := bytes.IndexByte(src[from:], '\n')
		if end < 0 {
			end = len(src) - from
		}
		line := bytes.TrimLeft(src[from:from+end], " \t>")
		if util.IsBlank(line) {
			if n >= maxFormulaGap {
				return false
			}
			from += end + 1
			continue
		}
		if i := bytes.Index(line, []byte(formulaMark)); i >= 0 {
			// the first $$ ends the formula: a block only when it ends
			// its line ("$$. Then" closes a formula in a sentence)
			return util.IsBlank(line[i+len(formulaMark):])
		}
		from += end + 1
	}
	return false
}

func (formulaBlockParser) Continue(node ast.Node, reader text.Reader, _ parser.Context) parser.State {
	if node.(*keptFormulaBlock).oneLine {
		return parser.Close
	}
	line, segment := reader.PeekLine()
	if line == nil {
		return parser.Close
	}
	trimmed := bytes.TrimRight(line, " \t\r\n")
	if bytes.HasSuffix(trimmed, []byte(formulaMark)) {
		node.Lines().Append(text.NewSegment(segment.Start, segment.Start+len(trimmed)-len(formulaMark)))
		reader.AdvanceToEOL()
		return parser.Close
	}
	node.Lines().Append(segment)
	reader.AdvanceToEOL()
	return parser.Continue | parser.NoChildren
}

func (formulaBlockParser) Close(ast.Node, text.Reader, parser.Context) {}

func (formulaBlockParser) CanInterruptParagraph() bool { return true }

func (formulaBlockParser) CanAcceptIndentedLine() bool { return false }

// formulaParser reads $$…$$, within a paragraph, as one node whose inside
// Markdown leaves alone.
type formulaParser struct{}

func (formulaParser) Trigger() []byte { return []byte{'$'} }

func (formulaParser) Parse(_ ast.Node, block text.Reader, _ parser.Context) ast.Node {
	line, start := block.PeekLine()
	if !bytes.HasPrefix(line, []byte(formulaMark)) {
		return nil
	}
	l0, pos0 := block.Position()
	block.Advance(len(formulaMark))
	for {
		line, seg := block.PeekLine()
		if line == nil {
			block.SetPosition(l0, pos0)
			return nil
		}
		i := bytes.Index(line, []byte(formulaMark))
		if i < 0 {
			block.AdvanceLine()
			continue
		}
		stop := seg.Start + i + len(formulaMark)
		if stop-start.Start == 2*len(formulaMark) {
			block.SetPosition(l0, pos0) // "$$$$" holds no formula
			return nil
		}
		block.Advance(i + len(formulaMark))
		return &keptFormula{Segment: start.WithStop(stop)}
	}
}

// formulaMark opens and closes a formula kept from Markdown.
const formulaMark = "$$"

// inlineMark opens a formula that stays in its sentence even alone in its
// paragraph: the site delimited it as inline ("\(…\)" under Hugo's
// passthrough extension), which the dialect package marks with TeX's
// \textstyle (dialect.InlineMark).
const inlineMark = `\textstyle`

// kindKeptFormula is the kind of a keptFormula node.
var kindKeptFormula = ast.NewNodeKind("KeptFormula")

// keptFormula is a formula as Markdown was read: its source, delimiters
// included, until math sets it.
type keptFormula struct {
	ast.BaseInline
	Segment text.Segment
}

func (n *keptFormula) Kind() ast.NodeKind { return kindKeptFormula }

func (n *keptFormula) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Segment": string(n.Segment.Value(source))}, nil)
}

// KindMath is the kind of a Math node.
var KindMath = ast.NewNodeKind("Math")

// Math is a formula set in a sentence. Its children are the set formula:
// texts, emphasis for italic and bold letters, Script nodes for what is
// raised or lowered; or, for a formula that could not be set, a code span
// of its TeX.
type Math struct {
	ast.BaseInline
	TeX string
}

// Kind implements ast.Node.
func (n *Math) Kind() ast.NodeKind { return KindMath }

// Dump implements ast.Node.
func (n *Math) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"TeX": n.TeX}, nil)
}

// KindMathBlock is the kind of a MathBlock node.
var KindMathBlock = ast.NewNodeKind("MathBlock")

// MathBlock is a formula standing on its own, centred; its children are
// those of a Math, its rows separated by hard line breaks.
type MathBlock struct {
	ast.BaseBlock
	TeX string
}

// Kind implements ast.Node.
func (n *MathBlock) Kind() ast.NodeKind { return KindMathBlock }

// Dump implements ast.Node.
func (n *MathBlock) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"TeX": n.TeX}, nil)
}

// KindScript is the kind of a Script node.
var KindScript = ast.NewNodeKind("Script")

// Script is part of a formula set raised (a superscript) or, when Sub,
// lowered (a subscript).
type Script struct {
	ast.BaseInline
	Sub bool
}

// Kind implements ast.Node.
func (n *Script) Kind() ast.NodeKind { return KindScript }

// Dump implements ast.Node.
func (n *Script) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Sub": fmt.Sprint(n.Sub)}, nil)
}

// formulas is what setting a post's formulas found.
type formulas struct {
	failed      int
	firstFailAt int    // offset in the body of the first formula not set, -1 if unknown
	firstErr    string // why it was not set
}

// mayHoldFormula notes the parent of text t, whose value is value, when
// a formula may start in it: math reads those parents' texts once all
// are resolved.
func (n *normaliser) mayHoldFormula(t *ast.Text, value []byte) {
	if p := t.Parent(); (len(n.textParents) == 0 || n.textParents[len(n.textParents)-1] != p) && mayOpen(value) {
		n.textParents = append(n.textParents, p)
	}
}

// math replaces the formulas of the document, which resolveTexts met, by
// Math and MathBlock nodes.
func (n *normaliser) math() {
	for _, p := range n.kept {
		raw := n.keptText(p)
		tex := raw[len(formulaMark) : len(raw)-len(formulaMark)]
		how := aloneDisplay
		if strings.HasPrefix(strings.TrimSpace(tex), inlineMark) {
			how = inSentence
		}
		n.replaceFormula(p, tex, how, p.Segment.Start)
	}
	for _, b := range n.keptBlocks {
		var tex strings.Builder
		lines := b.Lines()
		for i := 0; i < lines.Len(); i++ {
			line := lines.At(i)
			tex.Write(line.Value(n.src))
		}
		block := &MathBlock{TeX: tex.String()}
		parent := b.Parent()
		if parent == nil {
			continue
		}
		at := -1
		if lines.Len() > 0 {
			at = lines.At(0).Start
		}
		if !n.setFormula(block, tex.String(), true, at) {
			parent.RemoveChild(parent, b) // definitions only
			continue
		}
		parent.ReplaceChild(parent, b, block)
	}
	for _, p := range n.textParents {
		if p.Parent() != nil || p.Kind() == ast.KindDocument {
			n.textFormulas(p)
		}
	}
}

// keptText is the text of a formula kept from Markdown, its delimiters
// included. One that spans lines takes from each only what its block's
// line holds: not the "> " of a quote or the indent of a list item.
func (n *normaliser) keptText(p *keptFormula) string {
	seg := p.Segment
	var block ast.Node = p.Parent()
	for block != nil && block.Type() != ast.TypeBlock {
		block = block.Parent()
	}
	if block == nil || block.Lines().Len() < 2 {
		return string(seg.Value(n.src))
	}
	var b strings.Builder
	lines := block.Lines()
	for i := 0; i < lines.Len(); i++ {
		line := lines.At(i)
		start, stop := max(line.Start, seg.Start), min(line.Stop, seg.Stop)
		if start < stop {
			b.Write(n.src[start:stop])
		}
	}
	if b.Len() < 2*len(formulaMark) {
		return string(seg.Value(n.src))
	}
	return b.String()
}

// placing says where a formula stands.
type placing int

const (
	inSentence   placing = iota // in its sentence
	aloneDisplay                // on its own line when alone in its paragraph (kramdown's $$)
	display                     // on its own line, its paragraph parted around it (MathJax's \[…\])
)

// replaceFormula puts the formula tex in the place of node: a MathBlock
// as how says, else a Math.
func (n *normaliser) replaceFormula(node ast.Node, tex string, how placing, at int) {
	parent := node.Parent()
	if parent == nil {
		return
	}
	if how != inSentence && parent.Kind() == ast.KindParagraph && (how == display || n.alone(parent, node)) {
		block := &MathBlock{TeX: tex}
		set := n.setFormula(block, tex, true, at)
		n.partAround(parent, node, block, set)
		return
	}
	m := &Math{TeX: tex}
	if !n.setFormula(m, tex, false, at) {
		parent.RemoveChild(parent, node)
		return
	}
	parent.ReplaceChild(parent, node, m)
}

// partAround puts block (when set) in the place of node, which para
// holds, between the paragraph of what came before node and a new one of
// what comes after; a paragraph left with nothing but white space goes.
func (n *normaliser) partAround(para, node, block ast.Node, set bool) {
	grand := para.Parent()
	after := ast.NewParagraph()
	for c := node.NextSibling(); c != nil; {
		next := c.NextSibling()
		para.RemoveChild(para, c)
		after.AppendChild(after, c)
		c = next
	}
	para.RemoveChild(para, node)
	last := para
	if set {
		grand.InsertAfter(grand, last, block)
		last = block
	}
	if !n.blank(after) {
		if t, ok := after.FirstChild().(*ast.Text); ok {
			trimmed := n.text(string(bytes.TrimLeft(t.Value(n.src), " \t")))
			trimmed.SetSoftLineBreak(t.SoftLineBreak())
			trimmed.SetHardLineBreak(t.HardLineBreak())
			after.ReplaceChild(after, t, trimmed)
		}
		grand.InsertAfter(grand, last, after)
	}
	if n.blank(para) {
		grand.RemoveChild(grand, para)
	}
}

// blank reports a paragraph holding nothing but white space.
func (n *normaliser) blank(para ast.Node) bool { return spaceOnly(para, nil, n.src) }

// alone reports whether node is the only content of para but white space.
func (n *normaliser) alone(para, node ast.Node) bool { return spaceOnly(para, node, n.src) }

// setFormula sets tex as the children of node, with the macros the
// post's formulas defined before, and reports whether it set anything: a
// formula of definitions sets nothing.
func (n *normaliser) setFormula(node ast.Node, tex string, display bool, at int) bool {
	if n.macros == nil {
		n.macros = texmath.Macros{}
	}
	runs, err := texmath.SetWith(tex, display, n.macros)
	if err != nil {
		n.formulas.failed++
		if n.formulas.failed == 1 {
			n.formulas.firstFailAt, n.formulas.firstErr = at, err.Error()
		}
		code := ast.NewCodeSpan()
		code.AppendChild(code, n.text(strings.TrimSpace(tex)))
		node.AppendChild(node, code)
		return true
	}
	if len(runs) == 0 {
		return false
	}
	var script *Script
	for _, r := range runs {
		if r.Break {
			script = nil
			br := n.text("")
			br.SetHardLineBreak(true)
			node.AppendChild(node, br)
			continue
		}
		var piece ast.Node = n.text(r.Text)
		if r.Italic {
			em := ast.NewEmphasis(1)
			em.AppendChild(em, piece)
			piece = em
		}
		if r.Bold {
			strong := ast.NewEmphasis(2)
			strong.AppendChild(strong, piece)
			piece = strong
		}
		switch {
		case r.Script == 0:
			script = nil
			node.AppendChild(node, piece)
		case script != nil && script.Sub == (r.Script < 0):
			script.AppendChild(script, piece)
		default:
			script = &Script{Sub: r.Script < 0}
			script.AppendChild(script, piece)
			node.AppendChild(node, script)
		}
	}
	return true
}

// textFormulas finds the formulas in the texts of parent, each within
// one run of texts between its other children (a formula that markup
// interrupts is left as it is, as the browser's script leaves it).
func (n *normaliser) textFormulas(parent ast.Node) {
	for c := parent.FirstChild(); c != nil; {
		if !isRunText(c) {
			c = c.NextSibling()
			continue
		}
		var run []ast.Node
		for d := c; d != nil && isRunText(d); d = d.NextSibling() {
			run = append(run, d)
		}
		next := run[len(run)-1].NextSibling()
		n.formulasInRun(parent, run)
		c = next
	}
}

// isRunText reports a node a formula in a page's text may run through: a
// text, or a string the typographer made ("…" for "...", "’").
func isRunText(c ast.Node) bool {
	switch c.(type) {
	case *ast.Text, *ast.String:
		return true
	}
	return false
}

// formulasInRun rewrites a run of texts that holds formulas.
func (n *normaliser) formulasInRun(parent ast.Node, run []ast.Node) {
	var joined strings.Builder
	hard := false
	for _, c := range run {
		switch t := c.(type) {
		case *ast.Text:
			joined.Write(t.Value(n.src))
			if t.SoftLineBreak() || t.HardLineBreak() {
				joined.WriteByte('\n')
			}
			hard = t.HardLineBreak()
		case *ast.String:
			joined.Write(t.Value)
			hard = false
		}
	}
	s := joined.String()
	spans := findFormulas(s)
	if len(spans) == 0 {
		return
	}
	// Rebuild the run: text, formula, text…; line breaks inside texts
	// become soft line breaks again.
	after := run[len(run)-1].NextSibling()
	for _, t := range run {
		parent.RemoveChild(parent, t)
	}
	insert := func(node ast.Node) {
		if after == nil {
			parent.AppendChild(parent, node)
		} else {
			parent.InsertBefore(parent, after, node)
		}
	}
	addText := func(t string) {
		lines := strings.Split(t, "\n")
		for i, line := range lines {
			if line == "" && i == len(lines)-1 {
				break
			}
			node := n.text(line)
			node.SetSoftLineBreak(i < len(lines)-1)
			insert(node)
		}
	}
	pos := 0
	var placed []*Math
	for _, sp := range spans {
		addText(s[pos:sp.start])
		m := &Math{}
		insert(m)
		placed = append(placed, m)
		pos = sp.end
	}
	addText(s[pos:])
	if hard && parent.LastChild() != nil {
		if t, ok := parent.LastChild().(*ast.Text); ok {
			t.SetSoftLineBreak(false)
			t.SetHardLineBreak(true)
		}
	}
	for i, sp := range spans {
		tex := s[sp.start+len(sp.open) : sp.end-len(sp.close)]
		how := inSentence
		if sp.open == "$$" || sp.open == `\[` {
			how = display // as the page's script shows them, in a sentence too
		}
		n.replaceFormula(placed[i], tex, how, -1)
	}
}

// mayOpen reports whether a text may hold the start of a formula, or part
// of one: a backslash (of "\(" or "\[", which Markdown may leave in two
// texts) or a dollar sign ("$$", WordPress.com's "$latex …$").
func mayOpen(b []byte) bool {
	return bytes.IndexByte(b, '\\') >= 0 || bytes.IndexByte(b, '$') >= 0
}

type formulaSpan struct {
	start, end  int
	open, close string
}

// findFormulas returns where the formulas of s are, by their delimiters.
func findFormulas(s string) []formulaSpan {
	var out []formulaSpan
	for i := 0; i < len(s); {
		open, close := "", ""
		switch {
		case strings.HasPrefix(s[i:], "$$"):
			open, close = "$$", "$$"
		case strings.HasPrefix(s[i:], `\(`):
			open, close = `\(`, `\)`
		case strings.HasPrefix(s[i:], `\[`):
			open, close = `\[`, `\]`
		case strings.HasPrefix(s[i:], "$latex "):
			open, close = "$latex ", "$"
		default:
			i++
			continue
		}
		end := strings.Index(s[i+len(open):], close)
		if end <= 0 {
			i += len(open)
			continue
		}
		stop := i + len(open) + end + len(close)
		out = append(out, formulaSpan{start: i, end: stop, open: open, close: close})
		i = stop
	}
	return out
}

// formulaWarning is what a post's author hears of formulas not set.
func (f formulas) warning() string {
	if f.failed == 0 {
		return ""
	}
	if f.failed == 1 {
		return fmt.Sprintf("a formula could not be set (%s) and is shown as its TeX", f.firstErr)
	}
	return fmt.Sprintf("%d formulas could not be set (the first: %s) and are shown as their TeX", f.failed, f.firstErr)
}

func renderMath(w util.BufWriter, _ []byte, _ ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = w.WriteString(`<span class="math">`)
	} else {
		_, _ = w.WriteString("</span>")
	}
	return ast.WalkContinue, nil
}

func renderMathBlock(w util.BufWriter, _ []byte, _ ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = w.WriteString(`<div class="math">`)
	} else {
		_, _ = w.WriteString("</div>\n")
	}
	return ast.WalkContinue, nil
}

func renderScript(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	tag := "sup"
	if node.(*Script).Sub {
		tag = "sub"
	}
	if entering {
		_, _ = w.WriteString("<" + tag + ">")
	} else {
		_, _ = w.WriteString("</" + tag + ">")
	}
	return ast.WalkContinue, nil
}
