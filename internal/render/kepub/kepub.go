// Package kepub makes the Kobo edition of a book: it rewrites the EPUB the
// epub renderer wrote into a KEPUB (.kepub.epub), whose text is cut into
// Kobo's numbered sentence spans so that a Kobo reader shows reading
// statistics, highlights and page turns as it does for books from its
// store. It runs after the EPUB is written and uses kepubify's converter,
// the tool Kobo users rely on, rather than a copy of its rules.
package kepub

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	kepubify "github.com/pgaskin/kepubify/v4/kepub"
)

// Convert reads an EPUB and writes its Kobo edition to w. The same EPUB
// always gives the same bytes.
func Convert(ctx context.Context, w io.Writer, epub []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(epub), int64(len(epub)))
	if err != nil {
		return fmt.Errorf("read EPUB for the Kobo edition: %w", err)
	}
	// No smartypants, hyphenation or find-replace: the EPUB is already
	// typeset as the author wants, and the Kobo edition should read the same.
	c := kepubify.NewConverter()
	var out bytes.Buffer
	if err := c.Convert(ctx, &out, zr); err != nil {
		return fmt.Errorf("make the Kobo edition: %w", err)
	}
	order := make(map[string]int, len(zr.File))
	for i, f := range zr.File {
		order[f.Name] = i
	}
	if err := reorder(w, out.Bytes(), order); err != nil {
		return fmt.Errorf("make the Kobo edition: %w", err)
	}
	return nil
}

// reorder writes the zip in data to w with its entries in the order given
// by rank (others after them, by name). The converter writes each document
// as soon as it is done, in an order that changes from run to run.
func reorder(w io.Writer, data []byte, rank map[string]int) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return err
	}
	files := slices.Clone(zr.File)
	slices.SortStableFunc(files, func(a, b *zip.File) int {
		ra, oka := rank[a.Name]
		rb, okb := rank[b.Name]
		switch {
		case oka && okb:
			return ra - rb
		case oka != okb:
			if oka {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Name, b.Name)
	})
	zw := zip.NewWriter(w)
	for _, f := range files {
		if err := zw.Copy(f); err != nil {
			return err
		}
	}
	return zw.Close()
}

// Name returns the file name of the Kobo edition of an EPUB file:
// "book.epub" becomes "book.kepub.epub", the name Kobo readers look for.
func Name(epubName string) string {
	return strings.TrimSuffix(epubName, ".epub") + ".kepub.epub"
}
