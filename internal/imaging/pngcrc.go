package imaging

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
)

var pngSignature = []byte("\x89PNG\r\n\x1a\n")

// withoutBadAncillaryChunks returns a PNG without the ancillary chunks
// (text, time, colour hints: a chunk whose type starts in lower case)
// whose checksum is wrong, as libpng and browsers skip them where Go's
// decoder refuses the whole picture; data itself when there are none, or
// when it is not a PNG whose chunks can be walked. A critical chunk with a
// wrong checksum is left for the decoder to refuse.
func withoutBadAncillaryChunks(data []byte) []byte {
	if !bytes.HasPrefix(data, pngSignature) {
		return data
	}
	var bad [][2]int // [start, end) of the chunks to drop
	for at := len(pngSignature); at+12 <= len(data); {
		n := int(binary.BigEndian.Uint32(data[at:]))
		end := at + 12 + n
		if n < 0 || n > len(data) || end > len(data) {
			return data
		}
		kind := data[at+4 : at+8]
		sum := binary.BigEndian.Uint32(data[end-4:])
		if crc32.ChecksumIEEE(data[at+4:end-4]) != sum && kind[0]&0x20 != 0 {
			bad = append(bad, [2]int{at, end})
		}
		if string(kind) == "IEND" {
			break
		}
		at = end
	}
	if len(bad) == 0 {
		return data
	}
	out := make([]byte, 0, len(data))
	last := 0
	for _, b := range bad {
		out = append(out, data[last:b[0]]...)
		last = b[1]
	}
	return append(out, data[last:]...)
}
