package epub

import (
	"fmt"
	"io/fs"
	"slices"

	"github.com/anthology-book/anthology/assets"
	"github.com/anthology-book/anthology/internal/book"
)

// manifestItem is a file of the publication as the package document lists it.
type manifestItem struct {
	ID, Href, MediaType, Properties string
}

// writePackage adds everything but the pages: the mimetype, the container,
// the package document, the navigation, the NCX, the stylesheet and the
// images, in that order.
func (r *renderer) writePackage(a *archive) error {
	if err := a.add(stored("mimetype", []byte("application/epub+zip"))); err != nil {
		return err
	}
	images, err := r.images()
	if err != nil {
		return err
	}
	if r.opts.EmbedFonts {
		if r.fonts, err = fontFiles(); err != nil {
			return err
		}
	}
	opf, err := r.packageDocument()
	if err != nil {
		return err
	}
	nav, err := r.navigation()
	if err != nil {
		return err
	}
	ncx, err := r.ncx()
	if err != nil {
		return err
	}
	css := assets.BookCSS
	if r.opts.EmbedFonts {
		css = append(slices.Clip(css), fontFaces()...)
	}
	files := []embeddedFile{
		{name: "META-INF/container.xml", data: containerXML},
		{name: root + "package.opf", data: opf},
		{name: root + "nav.xhtml", data: nav},
		{name: root + "toc.ncx", data: ncx},
		{name: root + stylesheet, data: css},
	}
	for _, f := range r.fonts {
		files = append(files, embeddedFile{name: root + f.name, data: f.data})
	}
	for _, f := range files {
		e, err := deflated(f.name, f.data)
		if err != nil {
			return err
		}
		if err := a.add(e); err != nil {
			return err
		}
	}
	for _, img := range images {
		if err := a.add(stored(root+img.Name, img.Data)); err != nil {
			return err
		}
	}
	return nil
}

// images are the image files to add, the cover first, each checked to be
// a path inside the book.
func (r *renderer) images() ([]*book.Asset, error) {
	images := make([]*book.Asset, 0, len(r.book.Images)+1)
	if r.book.Cover != nil {
		images = append(images, r.book.Cover)
	}
	images = append(images, r.book.Images...)
	for _, img := range images {
		if !fs.ValidPath(img.Name) || img.Name == "." {
			return nil, fmt.Errorf("image %q is not a path inside the book", img.Name)
		}
	}
	return images, nil
}

// packageDocument is package.opf: the book's metadata, its files and its
// reading order.
func (r *renderer) packageDocument() ([]byte, error) {
	b := r.book
	data := struct {
		Lang, Identifier, IdentifierType, Title, Description string
		OtherIdentifiers                                     []string
		Authors                                              []creator
		Contributors                                         []book.Contributor
		Publisher, Rights                                    string
		Date, Modified                                       string
		Subjects                                             []subject
		Series                                               book.Series
		Access                                               accessMetadata
		CoverID                                              string
		PrintEdition                                         string // names the source of the page list
		Manifest                                             []manifestItem
		Spine                                                []string
	}{
		Lang: r.lang, Identifier: b.Identifier, IdentifierType: identifierType(b), Title: r.titleOr(b.Title), Description: b.Description,
		OtherIdentifiers: b.Imprint.OtherIdentifiers,
		Authors:          creators(b),
		Contributors:     b.Imprint.Contributors,
		Publisher:        b.Imprint.Publisher,
		Rights:           b.Imprint.Rights,
		Date:             b.Date.UTC().Format("2006-01-02"),
		Modified:         b.Date.UTC().Format("2006-01-02T15:04:05Z"),
		Subjects:         subjects(b),
		Series:           b.Imprint.Series,
		Access:           r.access(),
		Manifest:         make([]manifestItem, 0, 4+len(b.Images)+len(r.pages)),
		Spine:            make([]string, 0, len(r.pages)),
	}
	if b.Imprint.Published != "" {
		data.Date = b.Imprint.Published
	}
	if ed := r.opts.PrintEdition; ed != nil {
		data.PrintEdition = ed.Name
	}
	data.Manifest = append(data.Manifest,
		manifestItem{ID: "nav", Href: "nav.xhtml", MediaType: "application/xhtml+xml", Properties: "nav"},
		manifestItem{ID: "ncx", Href: "toc.ncx", MediaType: "application/x-dtbncx+xml"},
		manifestItem{ID: "css", Href: href(stylesheet), MediaType: "text/css"},
	)
	if c := b.Cover; c != nil {
		data.CoverID = "cover-image"
		data.Manifest = append(data.Manifest, manifestItem{ID: data.CoverID, Href: href(c.Name), MediaType: c.MediaType, Properties: "cover-image"})
	}
	for i, f := range r.fonts {
		data.Manifest = append(data.Manifest, manifestItem{ID: fmt.Sprintf("font-%d", i+1), Href: href(f.name), MediaType: f.mediaType})
	}
	for i, img := range b.Images {
		data.Manifest = append(data.Manifest, manifestItem{ID: fmt.Sprintf("image-%d", i+1), Href: href(img.Name), MediaType: img.MediaType})
	}
	for _, pg := range r.pages {
		// A page's file name is a valid XML id: post and chapter IDs
		// start with a letter.
		id := pg.file
		data.Manifest = append(data.Manifest, manifestItem{ID: id, Href: href(textDir + pg.file), MediaType: "application/xhtml+xml"})
		data.Spine = append(data.Spine, id)
	}
	return execute("package.opf", data)
}

// landmark is an entry of the navigation's landmarks: where a reading
// system opens the book, finds its cover or its contents.
type landmark struct {
	Type, File, Label string
}

// navigation is nav.xhtml: the table of contents a reading system shows
// in its menu, chapters and their posts, and the landmarks.
func (r *renderer) navigation() ([]byte, error) {
	l := r.locale
	var marks []landmark
	if r.book.Cover != nil {
		marks = append(marks, landmark{"cover", coverFile, l.Cover})
	}
	marks = append(marks, landmark{"titlepage", titleFile, l.TitlePage}, landmark{"toc", contentsFile, l.Contents})
	if len(r.toc) > 0 {
		marks = append(marks, landmark{"bodymatter", r.toc[0].File, l.Start})
	}
	var pages []pageEntry
	if r.print != nil {
		pages = r.print.list
	}
	return execute("nav.xhtml", struct {
		Lang, Title, Contents, LandmarksLabel, PagesLabel string
		Chapters                                          []tocEntry
		Landmarks                                         []landmark
		Pages                                             []pageEntry
	}{r.lang, r.titleOr(r.book.Title), l.Contents, l.Landmarks, l.PageList, r.toc, marks, pages})
}

// ncx is toc.ncx, the table of contents of EPUB 2 reading systems.
func (r *renderer) ncx() ([]byte, error) {
	depth := 1
	for _, c := range r.toc {
		if len(c.Posts) > 0 {
			depth = 2
		}
	}
	return execute("toc.ncx", struct {
		Lang, Identifier, Title, Author string
		Depth                           int
		Chapters                        []tocEntry
	}{r.lang, r.book.Identifier, r.titleOr(r.book.Title), r.book.Author, depth, r.toc})
}
