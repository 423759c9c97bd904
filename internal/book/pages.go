package book

// PrintEdition is the book's print edition as a reflowable edition marks
// it: where each of its pages begins, so that a reader of one can follow
// a page number of the other. The PDF renderer finds the pages; the EPUB
// renderer marks them and lists them.
type PrintEdition struct {
	// Name identifies the edition for a reader, e.g. "TITLE (PDF)".
	Name string
	// Pages are every page of the edition, blank ones included, in order.
	Pages []PageStart
}

// PagePlace says what opens a page of the print edition.
type PagePlace uint8

const (
	PageCover    PagePlace = iota // the cover
	PageBlank                     // a page left blank, before a recto
	PageTitle                     // the title page
	PageContents                  // a page of the table of contents
	PageChapter                   // a chapter's opening page
	PagePost                      // a page of a post's title or text
)

// PageStart is where a page of the print edition begins in the prepared
// book.
type PageStart struct {
	// Number is the page's number, counted from 1 as its PDF counts it.
	Number int
	Place  PagePlace
	// Chapter is the ID of the chapter a PageChapter page opens, or of the
	// chapter whose entry opens a PageContents page.
	Chapter string
	// Post is the ID of the post a PagePost page holds, or of the post
	// whose entry opens a PageContents page. A PageContents page with
	// neither opens the contents.
	Post string
	// Block is, on a PagePost page, the index of the top-level block of
	// the post's document the page begins in; -1 when the page opens the
	// post with its title.
	Block int
	// Word is how many words of that block come before the page: words as
	// runs of text between spaces, line breaks and block edges.
	Word int
}
