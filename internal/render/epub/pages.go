package epub

import (
	"fmt"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/markup"
)

// head is what every page's template needs for its head: the document's
// language and title, and where the stylesheet is; and for the start of
// its body, the print pages that begin there.
type head struct {
	Lang, Title, Stylesheet string
	Marks                   []string
}

// renderPage makes a page's document; warnings go to rep.
func (r *renderer) renderPage(pg page, rep *book.Report) ([]byte, error) {
	switch {
	case pg.post != nil:
		data, err := r.postPage(pg.post, rep)
		if r.opts.PostDone != nil {
			r.opts.PostDone()
		}
		return data, err
	case pg.chapter != nil:
		return r.chapterPage(pg.chapter, pg.number)
	case pg.front == "cover":
		return r.coverPage()
	case pg.front == "title":
		return r.titlePage()
	case pg.front == "contents":
		return r.contentsPage()
	}
	return nil, fmt.Errorf("page %q has no kind", pg.file)
}

func (r *renderer) pageHead(file, title string) head {
	h := head{Lang: r.lang, Title: title, Stylesheet: href(stylesheet)}
	if r.print != nil {
		h.Marks = r.print.starts[file]
	}
	return h
}

func (r *renderer) coverPage() ([]byte, error) {
	c := r.book.Cover
	return execute("cover", struct {
		head
		Image, Alt string
	}{r.pageHead(coverFile, r.locale.Cover), href(c.Name), r.locale.CoverDescription(r.titleOr(r.book.Title), r.book.Author)})
}

func (r *renderer) titlePage() ([]byte, error) {
	b := r.book
	return execute("title", struct {
		head
		BookTitle, Subtitle, Author, Years string
	}{r.pageHead(titleFile, r.titleOr(b.Title)), r.titleOr(b.Title), b.Subtitle, b.Author, years(b)})
}

// contentsPage is the table of contents in the reading order, a page of
// the book; the navigation document is the reading system's menu.
func (r *renderer) contentsPage() ([]byte, error) {
	return execute("contents", struct {
		head
		Chapters []tocEntry
	}{r.pageHead(contentsFile, r.locale.Contents), r.toc})
}

func (r *renderer) chapterPage(c *book.Chapter, number int) ([]byte, error) {
	return execute("chapter", struct {
		head
		ID, Label, Description string
		Posts                  []tocEntry
	}{r.pageHead(chapterFile(c), r.titleOr(c.Title)), c.ID, r.locale.ChapterLabel(number), c.Description, r.toc[number-1].Posts})
}

// postPage is a post's document, in the post's language.
func (r *renderer) postPage(p *book.Post, rep *book.Report) ([]byte, error) {
	doc := r.docs[p.ID]
	if doc == nil {
		return nil, fmt.Errorf("post %q was not parsed", p.Source)
	}
	opts := markup.XHTMLOptions{
		Image: func(src string) (string, bool) { return r.image(p, src, rep) },
		Link:  link,
	}
	if r.print != nil {
		opts.PageBreaks = r.print.breaks[p.ID]
	}
	body, err := doc.XHTML(opts)
	if err != nil {
		return nil, err
	}
	data := struct {
		head
		ID, Subtitle, Datetime, Dateline, Body string
	}{head: r.pageHead(postFile(p), r.titleOr(p.Title)), ID: p.ID, Subtitle: p.Subtitle, Body: body}
	data.Lang = r.postLang(p)
	if p.Dated() && p.Dateline != "" {
		data.Datetime, data.Dateline = p.Date.Format("2006-01-02"), p.Dateline
	}
	page, err := execute("post", data)
	if err != nil {
		return nil, fmt.Errorf("render %q: %w", p.Source, err)
	}
	return page, nil
}

// image is the address, from a post's page, of the prepared image an image
// of the post names. An image the asset stage did not prepare keeps its
// alt text only.
func (r *renderer) image(p *book.Post, src string, rep *book.Report) (string, bool) {
	img := r.book.Image(src)
	if img == nil {
		rep.Warn(p.Source, 0, "image %q was not prepared; left out (its alt text stays)", src)
		return "", false
	}
	return "../" + href(img.Name), true
}

// link points a link between posts at the target post's page.
func link(ref string) string {
	id, frag, ok := markup.ParsePostHref(ref)
	if !ok {
		return ref
	}
	if frag != "" {
		return id + ".xhtml#" + frag
	}
	return id + ".xhtml"
}
