package pdf

// Reading TrueType files as far as choosing a fallback font needs: the
// faces of a collection, a face's table directory, whether fpdf can embed
// it, the characters its cmap maps, and a face cut out of a collection
// into a font file of its own (fpdf reads no collection).

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
)

// faceOffsets returns where each face's table directory starts: 0 in a
// single font, the collection's offsets in a .ttc.
func faceOffsets(r io.ReaderAt) ([]uint32, error) {
	var head [12]byte
	if _, err := r.ReadAt(head[:], 0); err != nil {
		return nil, err
	}
	if string(head[:4]) != "ttcf" {
		return []uint32{0}, nil
	}
	n := binary.BigEndian.Uint32(head[8:])
	if n == 0 || n > 256 {
		return nil, errors.New("bad font collection")
	}
	buf := make([]byte, 4*n)
	if _, err := r.ReadAt(buf, 12); err != nil {
		return nil, err
	}
	offs := make([]uint32, n)
	for i := range offs {
		offs[i] = binary.BigEndian.Uint32(buf[4*i:])
	}
	return offs, nil
}

// table is one entry of a font's table directory.
type table struct {
	tag         string
	off, length uint32
}

// fpdfTables are the tables fpdf reads to embed a font.
var fpdfTables = []string{"OS/2", "cmap", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "name", "post"}

// tableDirectory reads the table directory at off and checks that the
// face is one fpdf can embed: TrueType outlines, every table fpdf reads,
// and a Unicode cmap of format 4.
func tableDirectory(r io.ReaderAt, off uint32) ([]table, error) {
	var head [12]byte
	if _, err := r.ReadAt(head[:], int64(off)); err != nil {
		return nil, err
	}
	if v := binary.BigEndian.Uint32(head[:]); v != 0x00010000 && string(head[:4]) != "true" {
		return nil, errors.New("not TrueType outlines")
	}
	n := int(binary.BigEndian.Uint16(head[4:]))
	if n == 0 || n > 512 {
		return nil, errors.New("bad table directory")
	}
	buf := make([]byte, 16*n)
	if _, err := r.ReadAt(buf, int64(off)+12); err != nil {
		return nil, err
	}
	tables := make([]table, n)
	for i := range tables {
		rec := buf[16*i:]
		tables[i] = table{tag: string(rec[:4]), off: binary.BigEndian.Uint32(rec[8:]), length: binary.BigEndian.Uint32(rec[12:])}
	}
	for _, tag := range fpdfTables {
		if !slices.ContainsFunc(tables, func(t table) bool { return t.tag == tag }) {
			return nil, fmt.Errorf("no %s table", tag)
		}
	}
	if !hasUnicodeFormat4(r, tables) {
		return nil, errors.New("no Unicode cmap of format 4")
	}
	return tables, nil
}

// hasUnicodeFormat4 reports whether the cmap has the subtable fpdf maps
// characters with.
func hasUnicodeFormat4(r io.ReaderAt, tables []table) bool {
	off, _ := format4(r, tables)
	return off > 0
}

// format4 returns where the Unicode cmap subtable of format 4 starts, the
// one fpdf reads, and its length; 0 when there is none.
func format4(r io.ReaderAt, tables []table) (int64, int) {
	i := slices.IndexFunc(tables, func(t table) bool { return t.tag == "cmap" })
	if i < 0 {
		return 0, 0
	}
	cmap := tables[i]
	var head [4]byte
	if _, err := r.ReadAt(head[:], int64(cmap.off)); err != nil {
		return 0, 0
	}
	n := int(binary.BigEndian.Uint16(head[2:]))
	if n > 256 {
		return 0, 0
	}
	recs := make([]byte, 8*n)
	if _, err := r.ReadAt(recs, int64(cmap.off)+4); err != nil {
		return 0, 0
	}
	for i := range n {
		rec := recs[8*i:]
		platform, encoding := binary.BigEndian.Uint16(rec), binary.BigEndian.Uint16(rec[2:])
		if platform == 0 || platform == 3 && encoding == 1 {
			off := int64(cmap.off) + int64(binary.BigEndian.Uint32(rec[4:]))
			var sub [4]byte
			if _, err := r.ReadAt(sub[:], off); err == nil && binary.BigEndian.Uint16(sub[:]) == 4 {
				return off, int(binary.BigEndian.Uint16(sub[2:]))
			}
		}
	}
	return 0, 0
}

// cmap4 is a format 4 cmap subtable: what characters of the Basic
// Multilingual Plane a font maps, as fpdf reads them.
type cmap4 []byte

// readCmap4 reads the format 4 subtable of the face at off.
func readCmap4(r io.ReaderAt, off uint32) (cmap4, error) {
	tables, err := tableDirectory(r, off)
	if err != nil {
		return nil, err
	}
	at, n := format4(r, tables)
	if at == 0 || n < 16 {
		return nil, errors.New("no Unicode cmap of format 4")
	}
	b := make([]byte, n)
	if _, err := r.ReadAt(b, at); err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	return cmap4(b), nil
}

// has reports whether the subtable maps c to a glyph.
func (t cmap4) has(c rune) bool {
	if c > 0xFFFF || len(t) < 14 {
		return false
	}
	segs := int(binary.BigEndian.Uint16(t[6:])) / 2
	ends := 14
	starts := ends + 2*segs + 2
	deltas := starts + 2*segs
	ranges := deltas + 2*segs
	if ranges+2*segs > len(t) {
		return false
	}
	u := uint16(c)
	i := sort.Search(segs, func(i int) bool { return binary.BigEndian.Uint16(t[ends+2*i:]) >= u })
	if i == segs || binary.BigEndian.Uint16(t[starts+2*i:]) > u {
		return false
	}
	delta := binary.BigEndian.Uint16(t[deltas+2*i:])
	ro := int(binary.BigEndian.Uint16(t[ranges+2*i:]))
	if ro == 0 {
		return u+delta != 0
	}
	at := ranges + 2*i + ro + 2*int(u-binary.BigEndian.Uint16(t[starts+2*i:]))
	if at+2 > len(t) {
		return false
	}
	g := binary.BigEndian.Uint16(t[at:])
	return g != 0 && g+delta != 0
}

// extractFace returns one face of a font collection as a font file of
// its own, which fpdf can read: its tables copied after a table directory
// of their new places.
func extractFace(data []byte, off uint32) ([]byte, error) {
	tables, err := tableDirectory(bytesReaderAt(data), off)
	if err != nil {
		return nil, err
	}
	sort.Slice(tables, func(i, j int) bool { return tables[i].tag < tables[j].tag })
	n := len(tables)
	out := make([]byte, 12+16*n)
	binary.BigEndian.PutUint32(out, 0x00010000)
	binary.BigEndian.PutUint16(out[4:], uint16(n))
	p := 1
	for p*2 <= n {
		p *= 2
	}
	binary.BigEndian.PutUint16(out[6:], uint16(16*p))
	binary.BigEndian.PutUint16(out[8:], uint16(bitsLen(p)-1))
	binary.BigEndian.PutUint16(out[10:], uint16(16*(n-p)))
	for i, t := range tables {
		end := uint64(t.off) + uint64(t.length)
		if end > uint64(len(data)) {
			return nil, fmt.Errorf("table %s runs past the end of the file", t.tag)
		}
		rec := out[12+16*i:]
		copy(rec, t.tag)
		binary.BigEndian.PutUint32(rec[4:], checksum(data[t.off:end]))
		binary.BigEndian.PutUint32(rec[8:], uint32(len(out)))
		binary.BigEndian.PutUint32(rec[12:], t.length)
		out = append(out, data[t.off:end]...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	return out, nil
}

func bitsLen(p int) int {
	n := 0
	for p > 0 {
		n++
		p >>= 1
	}
	return n
}

func checksum(b []byte) uint32 {
	var sum uint32
	for len(b) >= 4 {
		sum += binary.BigEndian.Uint32(b)
		b = b[4:]
	}
	if len(b) > 0 {
		var last [4]byte
		copy(last[:], b)
		sum += binary.BigEndian.Uint32(last[:])
	}
	return sum
}

type bytesReaderAt []byte

func (b bytesReaderAt) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 || off >= int64(len(b)) {
		return 0, io.EOF
	}
	n := copy(p, b[off:])
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}
