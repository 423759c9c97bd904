package pdf

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"image/jpeg"
	"io"
	"slices"
	"strconv"
	"sync"

	"github.com/klauspost/compress/zlib"

	"github.com/anthology-book/anthology/internal/imaging"
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
//
// It also writes the JPEG images: fpdf copies an image's bytes three
// times (read, made a string, appended to a document that doubles as it
// grows), which for a book of photos is most of its time and memory. It is
// given a stand-in instead (standIn), a few bytes that say the image's
// size and colours, and the packer writes the image's own bytes in its
// place.
type streamPacker struct {
	ctx    context.Context
	w      io.Writer
	file   []byte
	images [][]byte // by stand-in number
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

// Close compresses the streams, puts the images in, and writes the file.
func (sp *streamPacker) Close() error {
	err := packStreams(sp.ctx, sp.file, sp.images, sp.w)
	sp.file, sp.images = nil, nil
	if err != nil {
		return fmt.Errorf("write PDF: %w", err)
	}
	return nil
}

// standInMark begins every stand-in, after the JPEG's start: a comment
// segment naming the image.
const standInMark = "\xff\xd8\xff\xfe\x00\x1aanthology-image "

// standIn returns what fpdf is given for the JPEG data: its start, a
// comment with the stand-in's number, the segments that say its size and
// colours (JFIF, Adobe, frame header) and the start of its scan, where a
// reader of its size stops. ok is false when the stand-in would not read
// as data does; fpdf then gets data itself, and says what is wrong with it.
func (sp *streamPacker) standIn(data []byte) (stand []byte, ok bool) {
	heads := jpegHeads(data)
	if heads == nil {
		return nil, false
	}
	stand = fmt.Appendf(nil, "%s%08d", standInMark, len(sp.images))
	for _, h := range heads {
		stand = append(stand, h...)
	}
	stand = append(stand, 0xff, 0xda, 0, 2) // a scan header's marker and length
	want, err := jpeg.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, false
	}
	if got, err := jpeg.DecodeConfig(bytes.NewReader(stand)); err != nil || got != want {
		return nil, false
	}
	sp.images = append(sp.images, data)
	return stand, true
}

// jpegHeads returns the JFIF, Adobe and frame header segments of JPEG
// data, those before its scan; nil when it has no frame header.
func jpegHeads(data []byte) [][]byte {
	var heads [][]byte
	frame := false
	imaging.WalkJPEG(data, func(marker byte, seg []byte) bool {
		isFrame := marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc
		if isFrame || marker == 0xe0 || marker == 0xee {
			n := len(seg) + 2
			heads = append(heads, append([]byte{0xff, marker, byte(n >> 8), byte(n)}, seg...))
		}
		frame = frame || isFrame
		return true
	})
	if !frame {
		return nil
	}
	return heads
}

// edit replaces file[start:end] with head and body: a plain stream's
// dictionary and data with the compressed one's, or a stand-in's length
// and data with its image's.
type edit struct {
	start, end int
	head, body []byte
	pack       bool // body is to be compressed, and head made for it
}

// packStreams writes file to w with its plain streams compressed, its
// stand-ins replaced by images (by stand-in number), and its cross-
// reference table made anew. It reads the file through that table, as
// fpdf writes it: "N 0 obj" lines at the listed offsets, a classic table
// of 20-byte entries, no object streams.
func packStreams(ctx context.Context, file []byte, images [][]byte, w io.Writer) error {
	xref, offsets, err := readXref(file)
	if err != nil {
		return err
	}
	var edits []edit
	for _, off := range offsets {
		if start, end, data, ok := plainStreamAt(file, off); ok {
			edits = append(edits, edit{start: start, end: end, body: data, pack: true})
		} else if e, ok := standInAt(file, off, images); ok {
			edits = append(edits, e)
		}
	}
	err = parallel.ForEach(ctx, len(edits), func(i int) error {
		if e := &edits[i]; e.pack {
			e.body = deflateStream(e.body)
			e.head = fmt.Appendf(nil, "<</Filter /FlateDecode /Length %d>>\nstream\n", len(e.body))
		}
		return nil
	})
	if err != nil {
		return err
	}
	slices.SortFunc(edits, func(a, b edit) int { return a.start - b.start })

	out := &countWriter{w: bufio.NewWriterSize(w, 1<<16)}
	moved := make(map[int]int64, len(offsets)) // old offset → new
	at, e := 0, 0
	// copyTo writes the file up to pos, edited.
	copyTo := func(pos int) error {
		for ; e < len(edits) && edits[e].start < pos; e++ {
			if edits[e].start < at {
				return errors.New("streams overlap")
			}
			out.Write(file[at:edits[e].start])
			out.Write(edits[e].head)
			out.Write(edits[e].body)
			at = edits[e].end
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
			return err
		}
		moved[off] = out.n
	}
	if err := copyTo(xref); err != nil {
		return err
	}
	trailer := file[xref+len(xrefHead(len(offsets)))+20*(len(offsets)+1):]
	end := bytes.LastIndex(trailer, []byte("startxref\n"))
	if end < 0 {
		return errors.New("no startxref after the cross-reference table")
	}
	newXref := out.n
	fmt.Fprintf(out, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, off := range offsets {
		fmt.Fprintf(out, "%010d 00000 n \n", moved[off])
	}
	out.Write(trailer[:end])
	fmt.Fprintf(out, "startxref\n%d\n%%%%EOF\n", newXref)
	if out.err != nil {
		return out.err
	}
	return out.w.Flush()
}

// countWriter counts what it writes, and keeps the first error.
type countWriter struct {
	w   *bufio.Writer
	n   int64
	err error
}

func (c *countWriter) Write(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.w.Write(p)
	c.n += int64(n)
	c.err = err
	return n, err
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
// "<</Length N>>" alone, from its dictionary to the end of its data, or
// not one.
func plainStreamAt(file []byte, off int) (start, end int, data []byte, ok bool) {
	_, rest, _ := bytes.Cut(file[off:], []byte("\n"))
	if !bytes.HasPrefix(rest, []byte("<</Length ")) {
		return 0, 0, nil, false
	}
	start = len(file) - len(rest)
	end, data, ok = streamData(file, start+len("<<"))
	return start, end, data, ok
}

// standInAt reads the object at off: an image whose data is a stand-in,
// as an edit that puts the image in, or not one. Its dictionary ends with
// its length, as fpdf writes an image's.
func standInAt(file []byte, off int, images [][]byte) (edit, bool) {
	head := file[off:min(len(file), off+1024)]
	i := bytes.Index(head, []byte(">>\nstream\n"))
	if i < 0 || bytes.Contains(head[:i], []byte("endobj")) || !bytes.HasPrefix(head[i+len(">>\nstream\n"):], []byte(standInMark)) {
		return edit{}, false
	}
	start := bytes.LastIndex(head[:i], []byte("/Length "))
	if start < 0 {
		return edit{}, false
	}
	end, data, ok := streamData(file, off+start)
	if !ok || len(data) < len(standInMark)+8 {
		return edit{}, false
	}
	k, err := strconv.Atoi(string(data[len(standInMark) : len(standInMark)+8]))
	if err != nil || k < 0 || k >= len(images) {
		return edit{}, false
	}
	return edit{start: off + start, end: end, head: fmt.Appendf(nil, "/Length %d>>\nstream\n", len(images[k])), body: images[k]}, true
}

// streamData reads "/Length N>>", "stream" and the N bytes of data that
// follow at i, which end at end and are followed by "endstream".
func streamData(file []byte, i int) (end int, data []byte, ok bool) {
	digits, after, found := bytes.Cut(file[i+len("/Length "):], []byte(">>\nstream\n"))
	if !found || len(digits) > 10 {
		return 0, nil, false
	}
	n, err := strconv.Atoi(string(digits))
	if err != nil || n < 0 || n > len(after) || !bytes.HasPrefix(after[n:], []byte("\nendstream\n")) {
		return 0, nil, false
	}
	return len(file) - len(after) + n, after[:n], true
}

// zlibWriters are kept from one stream to the next: a new one costs more
// than compressing a page.
var zlibWriters = sync.Pool{New: func() any {
	w, _ := zlib.NewWriterLevel(nil, zlib.BestSpeed) // a valid level: no error
	return w
}}

// deflateStream compresses data as fpdf does, zlib at its best speed;
// klauspost/compress's is twice the standard library's.
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
