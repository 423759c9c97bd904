package main

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"net/url"
	"os/exec"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/testkit"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/text/unicode/norm"
)

// epubBook is what corpuscheck reads from an EPUB.
type epubBook struct {
	Posts  int      // documents of posts (p001.xhtml ...)
	Prose  string   // the text of every document, code left out, blocks on lines of their own
	Code   string   // the text of <pre> and <code>
	Images int      // <img> and SVG <image> elements in the posts' documents
	Hrefs  []string // every link target of every document
	Titles []string // the first <h1> of each post's document
}

var postDoc = regexp.MustCompile(`^p\d+\.xhtml$`)

// readEPUB reads the documents of the EPUB file at file.
func readEPUB(file string) (epubBook, error) {
	zr, err := zip.OpenReader(file)
	if err != nil {
		return epubBook{}, fmt.Errorf("open EPUB %q: %w", file, err)
	}
	defer zr.Close()
	var b epubBook
	var prose, code strings.Builder
	names := make([]*zip.File, 0, len(zr.File))
	names = append(names, zr.File...)
	sort.Slice(names, func(i, j int) bool { return names[i].Name < names[j].Name })
	for _, f := range names {
		if !strings.HasSuffix(f.Name, ".xhtml") || path.Base(f.Name) == "nav.xhtml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return epubBook{}, fmt.Errorf("read %q in %q: %w", f.Name, file, err)
		}
		root, err := html.Parse(rc)
		rc.Close()
		if err != nil {
			return epubBook{}, fmt.Errorf("read %q in %q: %w", f.Name, file, err)
		}
		isPost := postDoc.MatchString(path.Base(f.Name))
		if isPost {
			b.Posts++
		}
		title := ""
		walkDoc(root, &prose, &code, func(n *html.Node) {
			switch {
			case n.DataAtom == atom.H1 && isPost && title == "":
				title = nodeText(n)
			case n.DataAtom == atom.Img || (n.Data == "image" && n.Namespace == "svg"):
				if isPost {
					b.Images++
				}
			case n.DataAtom == atom.A:
				for _, a := range n.Attr {
					if a.Key == "href" {
						b.Hrefs = append(b.Hrefs, a.Val)
					}
				}
			}
		})
		if isPost {
			b.Titles = append(b.Titles, title)
		}
	}
	b.Prose, b.Code = prose.String(), code.String()
	return b, nil
}

// walkDoc writes the body text of a document to prose, or to code inside
// <pre> and <code>, and calls visit on every element.
func walkDoc(root *html.Node, prose, code *strings.Builder, visit func(*html.Node)) {
	var walk func(n *html.Node, inBody, inCode bool)
	walk = func(n *html.Node, inBody, inCode bool) {
		switch n.Type {
		case html.TextNode:
			switch {
			case !inBody:
			case inCode:
				code.WriteString(n.Data)
			default:
				prose.WriteString(n.Data)
			}
			return
		case html.ElementNode:
			visit(n)
			switch n.DataAtom {
			case atom.Head, atom.Script, atom.Style:
				return
			case atom.Body:
				inBody = true
			case atom.Pre, atom.Code:
				inCode = true
			}
		}
		block := n.Type == html.ElementNode && isBlock(n.DataAtom)
		// Code taken out of a line of prose leaves a gap: in a script
		// written without spaces the words around it are not one word.
		gap := n.Type == html.ElementNode && (n.DataAtom == atom.Code || n.DataAtom == atom.Pre)
		edge := func() {
			switch {
			case block:
				prose.WriteByte('\n')
				code.WriteByte('\n')
			case gap:
				prose.WriteByte(' ')
				code.WriteByte(' ')
			}
		}
		edge()
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inBody, inCode)
		}
		edge()
	}
	walk(root, false, false)
}

func nodeText(n *html.Node) string {
	if n.Type == html.TextNode {
		return n.Data
	}
	var sb strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		sb.WriteString(nodeText(c))
	}
	return sb.String()
}

func isBlock(a atom.Atom) bool {
	switch a {
	case atom.Address, atom.Article, atom.Aside, atom.Blockquote, atom.Body, atom.Br, atom.Caption,
		atom.Dd, atom.Div, atom.Dl, atom.Dt, atom.Figcaption, atom.Figure, atom.Footer, atom.H1, atom.H2,
		atom.H3, atom.H4, atom.H5, atom.H6, atom.Header, atom.Hr, atom.Img, atom.Li, atom.Main, atom.Nav,
		atom.Ol, atom.P, atom.Pre, atom.Section, atom.Table, atom.Td, atom.Th, atom.Tr, atom.Ul:
		return true
	}
	return false
}

// ownSiteLinks returns the link targets that point at the blog's own
// site: absolute ones to its host (with or without "www.") and
// site-relative ones ("/about/"), which only the site can answer.
func ownSiteLinks(hrefs []string, baseURL string) (absolute, siteRelative []string) {
	host := ""
	if u, err := url.Parse(baseURL); err == nil {
		host = strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	}
	for _, h := range hrefs {
		if strings.HasPrefix(h, "/") && !strings.HasPrefix(h, "//") {
			siteRelative = append(siteRelative, h)
			continue
		}
		u, err := url.Parse(h)
		if err != nil || host == "" {
			continue
		}
		if (u.Scheme == "http" || u.Scheme == "https" || u.Scheme == "") && u.Host != "" &&
			strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.") == host {
			absolute = append(absolute, h)
		}
	}
	return absolute, siteRelative
}

// notPrinted counts the characters the PDF did not print: □ and U+FFFD it
// holds beyond the EPUB's own, and the letters, digits, marks and
// punctuation of the EPUB's text whose character never appears in the
// PDF's text. Both texts are compared in NFKC, so that a character
// printed as its compatibility equivalent is printed: a styled letter as
// its plain letter (𝔐 as M), Arabic as the presentation forms its shaping
// draws (which pdftotext gives back). It returns the count and the missing
// characters, most frequent first (at most ten).
func notPrinted(epubText, pdfText string) (int, string) {
	epubText, pdfText = norm.NFKC.String(epubText), norm.NFKC.String(pdfText)
	inPDF := map[rune]bool{}
	for _, r := range pdfText {
		inPDF[r] = true
	}
	boxes := func(s string) int { return strings.Count(s, "\u25a1") + strings.Count(s, "\ufffd") }
	n := max(0, boxes(pdfText)-boxes(epubText))
	missing := map[rune]int{}
	for _, r := range epubText {
		if inPDF[r] || !countsAsPrinted(r) {
			continue
		}
		missing[r]++
	}
	type rc struct {
		r rune
		n int
	}
	var list []rc
	for r, c := range missing {
		n += c
		list = append(list, rc{r, c})
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].n != list[j].n {
			return list[i].n > list[j].n
		}
		return list[i].r < list[j].r
	})
	var sb strings.Builder
	for i, x := range list {
		if i == 10 {
			break
		}
		fmt.Fprintf(&sb, "%c U+%04X ×%d; ", x.r, x.r, x.n)
	}
	return n, strings.TrimSuffix(sb.String(), "; ")
}

// countsAsPrinted reports whether the PDF's text must hold r when the
// EPUB's does: emoji and symbols are drawn as pictures, and typography may
// change quotes, dashes, spaces and hyphens.
func countsAsPrinted(r rune) bool {
	if !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || unicode.IsPunct(r)) {
		return false
	}
	switch r {
	case '\'', '"', '-', '\u2010', '\u2011', '\u2013', '\u2014', '\u2018', '\u2019', '\u201c', '\u201d', '\u00ad':
		return false
	}
	return !unicode.Is(unicode.Variation_Selector, r)
}

var epubcheckSummary = regexp.MustCompile(`Messages: (\d+) fatals? / (\d+) errors? / (\d+) warnings?`)
var epubcheckMessage = regexp.MustCompile(`(?m)^(FATAL|ERROR|WARNING)\(([A-Z]+-\d+[a-z]?)\): (.*)$`)

// epubcheckResult is the summary of one epubcheck run.
type epubcheckResult struct {
	Fatals, Errors, Warnings int
	ByCode                   map[string]int    `json:",omitempty"` // "ERROR RSC-007" -> count
	Example                  map[string]string `json:",omitempty"` // one message for each
}

// runEPUBCheck validates file with epubcheck's jar.
func runEPUBCheck(ctx context.Context, jar, file string) (epubcheckResult, error) {
	// epubcheck's reading-order check recurses through the book's links:
	// on a blog of some hundreds of linked posts it overflows Java's
	// default stack (philzook58's 475 posts did).
	cmd := exec.CommandContext(ctx, "java", "-Xss16m", "-jar", jar, file)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	runErr := cmd.Run()
	return parseEPUBCheck(out.Bytes(), runErr)
}

func parseEPUBCheck(out []byte, runErr error) (epubcheckResult, error) {
	m := epubcheckSummary.FindSubmatch(out)
	if m == nil {
		return epubcheckResult{}, fmt.Errorf("epubcheck: no summary (%v): %.300s", runErr, out)
	}
	var r epubcheckResult
	r.Fatals, _ = strconv.Atoi(string(m[1]))
	r.Errors, _ = strconv.Atoi(string(m[2]))
	r.Warnings, _ = strconv.Atoi(string(m[3]))
	r.ByCode, r.Example = map[string]int{}, map[string]string{}
	for _, sm := range epubcheckMessage.FindAllSubmatch(out, -1) {
		key := string(sm[1]) + " " + string(sm[2])
		r.ByCode[key]++
		if _, ok := r.Example[key]; !ok {
			r.Example[key] = string(sm[3])
		}
	}
	return r, nil
}

// titleDiff compares the titles of the posts published with those of the
// book, as words (so that typography does not count), each as a multiset:
// missing are published and not in the book, extra in the book and not
// published.
// titleTag is an inline formatting tag in a title.
var titleTag = regexp.MustCompile(`(?i)</?(?:em|i|b|strong|code|sup|sub|span|a|br|small|mark|abbr|u|s|del|ins|q|cite|kbd|var|samp)\b[^>]*>`)

func titleDiff(published, inBook []string) (missing, extra []string) {
	key := func(t string) string {
		// A generator shows a title as HTML: its formatting tags and
		// entities are markup, not words.
		t = html.UnescapeString(titleTag.ReplaceAllString(t, ""))
		return strings.Join(testkit.Words(strings.ReplaceAll(t, "-", " ")), " ")
	}
	left := map[string]int{}
	for _, t := range inBook {
		left[key(t)]++
	}
	var untitled []string
	for _, t := range published {
		switch k := key(t); {
		case k == "":
			untitled = append(untitled, t)
		case left[k] > 0:
			left[k]--
		default:
			missing = append(missing, t)
		}
	}
	// A post without a title is in the book under anthology's word for
	// one, in the book's language.
	for _, t := range untitled {
		found := false
		for _, k := range untitledKeys(key) {
			if left[k] > 0 {
				left[k]--
				found = true
				break
			}
		}
		if !found {
			missing = append(missing, t)
		}
	}
	for _, t := range inBook {
		if k := key(t); left[k] > 0 {
			left[k]--
			extra = append(extra, t)
		}
	}
	// A feed's note without a title is named by the start of its text:
	// each such post takes one title the published posts lack.
	untold := len(missing) - len(slices.DeleteFunc(slices.Clone(missing), func(t string) bool { return key(t) == "" }))
	n := min(untold, len(extra))
	missing = slices.DeleteFunc(missing, func(t string) bool {
		if key(t) == "" && n > 0 {
			n--
			return true
		}
		return false
	})
	extra = extra[min(untold, len(extra)):]
	return missing, extra
}

// untitledKeys are the keys of the titles anthology gives a post without
// one, in every language it speaks.
func untitledKeys(key func(string) string) []string {
	var keys []string
	for _, l := range book.Langs() {
		if k := key(book.LocaleFor(l).Untitled); !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	return keys
}
