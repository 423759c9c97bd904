package pdf

import (
	"bytes"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"sync"

	"github.com/anthology-book/anthology/internal/parallel"
)

// streamPacker writes a PDF that fpdf wrote uncompressed with its plain
// streams (pages, ToUnicode maps, palettes) compressed on every core.
//
// fpdf compresses each page at the end, one after another, with a new
// zlib writer for each (a fresh 1 MB of tables, cleared): on a 1,000-page
// book a sixth of the PDF's time, on one core while the other waits. So
// the document is made with compression off, and this writer, given the
// whole file, compresses each stream whose dictionary is only its length
// (what fpdf writes for a stream it did not compress) with writers kept
// for reuse, then writes the file with the new lengths and the cross-
// reference table moved to match. The bytes are the same on one core and
// on many. (fpdf 0.12 has no hook for this; the change belongs upstream in
// its putpages and xmempool.)
type streamPacker struct {
	ctx  context.Context
	w    io.Writer
	file []byte
}

func newStreamPacker(ctx context.Context, w io.Writer) *streamPacker {
	return &streamPacker{ctx: ctx, w: w}
}

func (sp *streamPacker) Write(p []byte) (int, error) {
	if sp.file == nil {
		sp.file = p // fpdf writes its whole buffer at once and is done with it
	} else {
		sp.file = append(slices.Clip(sp.file), p...)
	}
	return len(p), nil
}

// Close compresses the streams and writes the file.
func (sp *streamPacker) Close() error {
	out, err := packStreams(sp.ctx, sp.file)
	sp.file = nil
	if err != nil {
		return fmt.Errorf("write PDF: %w", err)
	}
	_, err = sp.w.Write(out)
	return err
}

// plainStream is a stream of the file with no filter: the span from its
// dictionary to the end of its data, and the data.
type plainStream struct {
	start, end int
	data       []byte
}

// packStreams returns file with its plain streams compressed and its
// cross-reference table made anew. It reads the file through that table,
// as fpdf writes it: "N 0 obj" lines at the listed offsets, a classic
// table of 20-byte entries, no object streams.
func packStreams(ctx context.Context, file []byte) ([]byte, error) {
	xref, offsets, err := readXref(file)
	if err != nil {
		return nil, err
	}
	var streams []plainStream
	for _, off := range offsets {
		if s, ok := plainStreamAt(file, off); ok {
			streams = append(streams, s)
		}
	}
	slices.SortFunc(streams, func(a, b plainStream) int { return a.start - b.start })
	packed := make([][]byte, len(streams))
	err = parallel.ForEach(ctx, len(streams), func(i int) error {
		packed[i] = deflateStream(streams[i].data)
		return nil
	})
	if err != nil {
		return nil, err
	}

	var out bytes.Buffer
	out.Grow(xref)
	moved := make(map[int]int, len(offsets)) // old offset → new
	at, s := 0, 0
	// copyTo writes the file up to pos, its streams before pos packed.
	copyTo := func(pos int) error {
		for ; s < len(streams) && streams[s].start < pos; s++ {
			if streams[s].start < at {
				return errors.New("streams overlap")
			}
			out.Write(file[at:streams[s].start])
			fmt.Fprintf(&out, "<</Filter /FlateDecode /Length %d>>\nstream\n", len(packed[s]))
			out.Write(packed[s])
			at = streams[s].end
		}
		if pos < at {
			return fmt.Errorf("an object at offset %d inside a stream", pos)
		}
		out.Write(file[at:pos])
		at = pos
		return nil
	}
	for _, off := range sortedCopy(offsets) {
		if err := copyTo(off); err != nil {
			return nil, err
		}
		moved[off] = out.Len()
	}
	if err := copyTo(xref); err != nil {
		return nil, err
	}
	newXref := out.Len()
	fmt.Fprintf(&out, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, off := range offsets {
		fmt.Fprintf(&out, "%010d 00000 n \n", moved[off])
	}
	trailer := file[xref+len(xrefHead(len(offsets)))+20*(len(offsets)+1):]
	end := bytes.LastIndex(trailer, []byte("startxref\n"))
	if end < 0 {
		return nil, errors.New("no startxref after the cross-reference table")
	}
	out.Write(trailer[:end])
	fmt.Fprintf(&out, "startxref\n%d\n%%%%EOF\n", newXref)
	return out.Bytes(), nil
}

func xrefHead(n int) string { return "xref\n0 " + strconv.Itoa(n+1) + "\n" }

// readXref returns where the cross-reference table starts and the offset
// of each object, 1 to n.
func readXref(file []byte) (xref int, offsets []int, err error) {
	i := bytes.LastIndex(file, []byte("startxref\n"))
	if i < 0 {
		return 0, nil, errors.New("no startxref")
	}
	line, _, _ := bytes.Cut(file[i+len("startxref\n"):], []byte("\n"))
	xref, err = strconv.Atoi(string(line))
	if err != nil || xref < 0 || xref >= i || !bytes.HasPrefix(file[xref:], []byte("xref\n0 ")) {
		return 0, nil, fmt.Errorf("no cross-reference table at startxref %q", line)
	}
	line, _, _ = bytes.Cut(file[xref+len("xref\n0 "):], []byte("\n"))
	count, err := strconv.Atoi(string(line))
	if err != nil || count < 1 {
		return 0, nil, fmt.Errorf("cross-reference table of %q objects", line)
	}
	table := file[xref+len(xrefHead(count-1)):]
	if len(table) < 20*count {
		return 0, nil, errors.New("cross-reference table cut short")
	}
	offsets = make([]int, count-1)
	for j := range offsets {
		entry := table[20*(j+1) : 20*(j+2)]
		off, err := strconv.Atoi(string(entry[:10]))
		if err != nil || off >= xref || !bytes.HasPrefix(file[off:], []byte(strconv.Itoa(j+1)+" 0 obj\n")) {
			return 0, nil, fmt.Errorf("object %d is not at offset %q", j+1, entry[:10])
		}
		offsets[j] = off
	}
	return xref, offsets, nil
}

// plainStreamAt reads the object at off: a stream whose dictionary is
// "<</Length N>>" alone, or not one.
func plainStreamAt(file []byte, off int) (plainStream, bool) {
	_, rest, _ := bytes.Cut(file[off:], []byte("\n"))
	start := len(file) - len(rest)
	const head = "<</Length "
	if !bytes.HasPrefix(rest, []byte(head)) {
		return plainStream{}, false
	}
	digits, after, ok := bytes.Cut(rest[len(head):], []byte(">>\nstream\n"))
	if !ok || len(digits) > 10 {
		return plainStream{}, false
	}
	n, err := strconv.Atoi(string(digits))
	if err != nil || n < 0 || n > len(after) || !bytes.HasPrefix(after[n:], []byte("\nendstream\n")) {
		return plainStream{}, false
	}
	data := after[:n]
	end := len(file) - len(after) + n
	return plainStream{start: start, end: end, data: data}, true
}

// zlibWriters are kept from one stream to the next: a new one costs more
// than compressing a page.
var zlibWriters = sync.Pool{New: func() any {
	w, _ := zlib.NewWriterLevel(nil, zlib.BestSpeed) // a valid level: no error
	return w
}}

// deflateStream compresses data as fpdf does, zlib at its best speed.
func deflateStream(data []byte) []byte {
	var buf bytes.Buffer
	buf.Grow(len(data)/3 + 64)
	zw := zlibWriters.Get().(*zlib.Writer)
	zw.Reset(&buf)
	zw.Write(data) // a bytes.Buffer takes all
	zw.Close()
	zlibWriters.Put(zw)
	return buf.Bytes()
}

func sortedCopy(s []int) []int {
	c := slices.Clone(s)
	slices.Sort(c)
	return c
}
