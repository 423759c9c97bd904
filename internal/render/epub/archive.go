package epub

import (
	"archive/zip"
	"bytes"
	"fmt"
	"hash/crc32"
	"io"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/klauspost/compress/flate"
)

// entry is one file of the EPUB's zip archive, compressed already, so that
// the pages can be compressed on all cores and only copied in book order.
type entry struct {
	name   string
	method uint16
	crc    uint32
	size   int    // uncompressed
	data   []byte // as stored
}

// stored is an entry kept as it is: the mimetype, which the container
// format requires uncompressed, and images, which are compressed already.
func stored(name string, data []byte) *entry {
	return &entry{name: name, method: zip.Store, crc: crc32.ChecksumIEEE(data), size: len(data), data: data}
}

// flateWriters are reused: each holds several hundred kilobytes of state,
// and a book has a page per post. klauspost/compress at level 5 makes a
// book's pages 1 % larger than the standard library's default level, in
// half the time.
var flateWriters = sync.Pool{New: func() any {
	w, _ := flate.NewWriter(nil, 5) // a valid level: no error
	return w
}}

// deflated is an entry holding data, compressed.
func deflated(name string, data []byte) (*entry, error) {
	var buf bytes.Buffer
	buf.Grow(len(data) / 3)
	fw := flateWriters.Get().(*flate.Writer)
	defer flateWriters.Put(fw)
	fw.Reset(&buf)
	if _, err := fw.Write(data); err != nil {
		return nil, fmt.Errorf("compress %q: %w", name, err)
	}
	if err := fw.Close(); err != nil {
		return nil, fmt.Errorf("compress %q: %w", name, err)
	}
	return &entry{name: name, method: zip.Deflate, crc: crc32.ChecksumIEEE(data), size: len(data), data: buf.Bytes()}, nil
}

// archive writes entries to a zip in the order they are added. Every entry
// bears the same time, so that the bytes depend on the book alone.
type archive struct {
	zw          *zip.Writer
	date, clock uint16 // MS-DOS date and time of every entry
	names       map[string]bool
}

func newArchive(w io.Writer, modified time.Time) *archive {
	a := &archive{zw: zip.NewWriter(w), names: map[string]bool{}}
	a.date, a.clock = msDOSTime(modified)
	return a
}

func (a *archive) add(e *entry) error {
	if a.names[e.name] {
		return fmt.Errorf("two files of the book are named %q", e.name)
	}
	a.names[e.name] = true
	const (
		zipVersion20 = 20 // Deflate
		utf8Name     = 0x800
	)
	h := &zip.FileHeader{
		Name:               e.name,
		Method:             e.method,
		CreatorVersion:     zipVersion20,
		ReaderVersion:      zipVersion20,
		CRC32:              e.crc,
		CompressedSize64:   uint64(len(e.data)),
		UncompressedSize64: uint64(e.size),
		// CreateRaw writes the header as it is given: the time must be
		// given in the form the header holds.
		ModifiedDate: a.date,
		ModifiedTime: a.clock,
	}
	if !isASCII(e.name) && utf8.ValidString(e.name) {
		h.Flags |= utf8Name
	}
	w, err := a.zw.CreateRaw(h)
	if err != nil {
		return fmt.Errorf("write %q: %w", e.name, err)
	}
	if _, err := w.Write(e.data); err != nil {
		return fmt.Errorf("write %q: %w", e.name, err)
	}
	return nil
}

func (a *archive) close() error { return a.zw.Close() }

func isASCII(s string) bool {
	for i := range len(s) {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// msDOSTime is t in the form of a zip header, in UTC, within the years
// that form can hold (1980 to 2107).
func msDOSTime(t time.Time) (date, clock uint16) {
	t = t.UTC()
	switch {
	case t.Year() < 1980:
		t = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	case t.Year() > 2107:
		t = time.Date(2107, 12, 31, 23, 59, 58, 0, time.UTC)
	}
	date = uint16(t.Day() + int(t.Month())<<5 + (t.Year()-1980)<<9)
	clock = uint16(t.Second()/2 + t.Minute()<<5 + t.Hour()<<11)
	return date, clock
}
