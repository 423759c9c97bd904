package markdown

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer/html"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/source/htmlconv"
)

// A post without a title (none, or title: '') and no heading to take one
// from is a note, as a micro.blog or a Hugo theme's "microposts" keep
// them: its theme shows the text alone. In a book's contents it is called
// by the start of its text, as an untitled feed item is; its file's name
// (often a number: 2016-03-02-133059.md) names it only when it says
// nothing.

// maxTitleRunes is the longest title taken from a post's text.
const maxTitleRunes = 60

// untitledKey marks the problem readPost returns for a post called by
// the start of its text, which LoadBlog counts for the blog.
const untitledKey = "untitled"

// openingMarkdown renders the source of a note so as to read what a reader
// sees first: its first sentence, cut at a word; "" when it says nothing.
var openingMarkdown = goldmark.New(
	goldmark.WithExtensions(extension.Table, extension.Strikethrough),
	goldmark.WithRendererOptions(html.WithUnsafe()),
)

// opening returns the start of what a post's Markdown says, as its title.
func opening(body []byte) string {
	if len(bytes.TrimSpace(body)) == 0 {
		return ""
	}
	var out bytes.Buffer
	if err := openingMarkdown.Convert(body, &out); err != nil {
		return ""
	}
	return htmlconv.Opening(out.String(), maxTitleRunes)
}

// warnUntitled tells, once for the blog, how many of its posts are called
// by the start of their text.
func warnUntitled(display string, n int, rep *book.Report) {
	switch {
	case n == 1:
		rep.Warn(display, 0, "1 of its posts has no title: it is called by the start of its text")
	case n > 1:
		rep.Warn(display, 0, "%d of its posts have no title: each is called by the start of its text", n)
	}
}
