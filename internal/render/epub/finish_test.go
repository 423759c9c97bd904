package epub

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/markup"
)

// finish copies some entries of go-epub's archive as they are stored and
// compresses the others itself: both must give the bytes zip.Writer gives
// for a header holding only a name and a method, as every entry had when
// finish wrote them all through zip.Writer.
func TestFinishedEntriesAreThoseOfZipWriter(t *testing.T) {
	files := []struct {
		name   string
		method uint16
		data   string
	}{
		{"mimetype", zip.Store, "application/epub+zip"},
		{"EPUB/css/book.css", zip.Deflate, strings.Repeat("p { margin: 0 }\n", 200)},
		{"EPUB/xhtml/p001.xhtml", zip.Deflate, "<html>" + strings.Repeat("<p>Some text, some more.</p>", 500) + "</html>"},
		{"EPUB/images/été.png", zip.Deflate, "\x89PNG not really"},
		{"EPUB/empty.txt", zip.Deflate, ""},
	}
	var want bytes.Buffer
	zw := zip.NewWriter(&want)
	for _, f := range files {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.name, Method: f.method})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(f.data)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	for _, copied := range []bool{true, false} {
		var got bytes.Buffer
		zw := zip.NewWriter(&got)
		i := 0
		err := readZipStream(bytes.NewReader(want.Bytes()), func(e *streamEntry) error {
			if e.name != files[i].name || string(e.data) != files[i].data {
				return fmt.Errorf("entry %d read as %q holding %d bytes, want %q holding %d", i, e.name, len(e.data), files[i].name, len(files[i].data))
			}
			i++
			h, data := entryHeader(e.name, e.method, e.flags), e.stored
			h.CRC32, h.CompressedSize64, h.UncompressedSize64 = e.crc, uint64(len(e.stored)), uint64(len(e.data))
			if !copied && e.method == zip.Deflate {
				var err error
				if h, data, err = deflatedEntry(e.name, e.flags, e.data); err != nil {
					return err
				}
			}
			w, err := zw.CreateRaw(h)
			if err != nil {
				return err
			}
			_, err = w.Write(data)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if i != len(files) {
			t.Fatalf("read %d entries, want %d", i, len(files))
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Errorf("copied=%v: the archive differs from zip.Writer's", copied)
		}
	}
}

// Write switches go-epub's package-wide scratch storage; books written at
// the same time, some with it in memory and some on disk, must come out
// whole and the same.
func TestConcurrentWritesWithEitherScratch(t *testing.T) {
	b := &book.Book{
		Title: "Scratch", Author: "Ann Example", Lang: "en", Identifier: "urn:uuid:00000000-0000-5000-8000-000000000000",
		Date: time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC),
	}
	for c := range 3 {
		ch := &book.Chapter{ID: fmt.Sprintf("c%02d", c+1), Title: fmt.Sprintf("Chapter %d", c+1)}
		for p := range 20 {
			ch.Posts = append(ch.Posts, &book.Post{
				ID:    fmt.Sprintf("p%03d", c*20+p+1),
				Title: fmt.Sprintf("Post %d.%d", c+1, p+1),
				Date:  time.Date(2024, 1, c*20+p+1, 0, 0, 0, 0, time.UTC),
				Body:  []byte(strings.Repeat("Some *words* of the post.\n\n", 30)),
			})
		}
		b.Chapters = append(b.Chapters, ch)
	}
	docs, err := markup.ParseAll(context.Background(), b.Posts(), nil)
	if err != nil {
		t.Fatal(err)
	}
	const writes = 8
	out := make([]bytes.Buffer, writes)
	errs := make([]error, writes)
	var wg sync.WaitGroup
	for i := range writes {
		wg.Go(func() {
			errs[i] = Write(context.Background(), &out[i], b, docs, Options{ScratchInMemory: i%2 == 0}, &book.Report{})
		})
	}
	wg.Wait()
	for i := range writes {
		if errs[i] != nil {
			t.Fatalf("write %d: %v", i, errs[i])
		}
		if _, err := zip.NewReader(bytes.NewReader(out[i].Bytes()), int64(out[i].Len())); err != nil {
			t.Fatalf("write %d: %v", i, err)
		}
		if !bytes.Equal(out[i].Bytes(), out[0].Bytes()) {
			t.Errorf("write %d (scratch in memory: %v) differs from write 0", i, i%2 == 0)
		}
	}
}
