package epub

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
)

// streamEntry is an entry of a zip archive read as it is written: its
// header, its bytes as stored and, uncompressed, its content.
type streamEntry struct {
	name          string
	method, flags uint16
	crc           uint32
	stored, data  []byte
}

// Signatures of the zip records a zip.Writer writes.
const (
	localHeaderSig    = 0x04034b50
	dataDescriptorSig = 0x08074b50
	centralHeaderSig  = 0x02014b50
	localHeaderLen    = 30 // with its signature, without name and extra
	dataDescriptorLen = 16 // with its signature, 32-bit sizes
)

var errZipLayout = errors.New("not laid out as zip.Writer writes")

// readZipStream calls fn with each entry of a zip archive, in order, as the
// archive is read from r, without waiting for its central directory. It
// reads what zip.Writer.CreateHeader writes, as go-epub has it write: each
// entry's data followed by a data descriptor giving its size. Unless fn or
// the archive fails, it reads r to its end.
func readZipStream(r io.Reader, fn func(*streamEntry) error) error {
	br := bufio.NewReader(r)
	for {
		var head [localHeaderLen]byte
		if _, err := io.ReadFull(br, head[:4]); err != nil {
			return err
		}
		switch binary.LittleEndian.Uint32(head[:4]) {
		case centralHeaderSig:
			// The central directory repeats the headers: read it only so
			// that the writer can finish.
			_, err := io.Copy(io.Discard, br)
			return err
		case localHeaderSig:
		default:
			return errZipLayout
		}
		if _, err := io.ReadFull(br, head[4:]); err != nil {
			return err
		}
		const dataDescriptorFlag = 0x8
		e := &streamEntry{
			flags:  binary.LittleEndian.Uint16(head[6:]),
			method: binary.LittleEndian.Uint16(head[8:]),
		}
		if e.flags&dataDescriptorFlag == 0 {
			return errZipLayout
		}
		nameLen, extraLen := int(binary.LittleEndian.Uint16(head[26:])), int(binary.LittleEndian.Uint16(head[28:]))
		name := make([]byte, nameLen+extraLen)
		if _, err := io.ReadFull(br, name); err != nil {
			return err
		}
		e.name = string(name[:nameLen])
		if err := readEntryData(br, e); err != nil {
			return fmt.Errorf("entry %q: %w", e.name, err)
		}
		if crc32.ChecksumIEEE(e.data) != e.crc {
			return fmt.Errorf("entry %q: %w", e.name, zip.ErrChecksum)
		}
		if err := fn(e); err != nil {
			return err
		}
	}
}

// readEntryData reads an entry's stored bytes, its content and its data
// descriptor.
func readEntryData(br *bufio.Reader, e *streamEntry) error {
	switch e.method {
	case zip.Deflate: // the compressed stream says where it ends
		rec := &recorder{r: br}
		data, err := io.ReadAll(flate.NewReader(rec))
		if err != nil {
			return err
		}
		e.stored, e.data = rec.buf.Bytes(), data
	case zip.Store: // the data ends where a descriptor matching it starts
		var data []byte
		for {
			peek, err := br.Peek(dataDescriptorLen)
			if err != nil {
				return err
			}
			if binary.LittleEndian.Uint32(peek) == dataDescriptorSig &&
				binary.LittleEndian.Uint32(peek[8:]) == uint32(len(data)) &&
				binary.LittleEndian.Uint32(peek[4:]) == crc32.ChecksumIEEE(data) {
				break
			}
			b, _ := br.ReadByte()
			data = append(data, b)
		}
		e.stored, e.data = data, data
	default:
		return errZipLayout
	}
	var desc [dataDescriptorLen]byte
	if _, err := io.ReadFull(br, desc[:]); err != nil {
		return err
	}
	// An entry of 4 GB or more would have 8-byte sizes: not in a book.
	if binary.LittleEndian.Uint32(desc[:]) != dataDescriptorSig ||
		binary.LittleEndian.Uint32(desc[8:]) != uint32(len(e.stored)) ||
		binary.LittleEndian.Uint32(desc[12:]) != uint32(len(e.data)) {
		return errZipLayout
	}
	e.crc = binary.LittleEndian.Uint32(desc[4:])
	return nil
}

// recorder reads through r, keeping what it reads: flate reads exactly
// its stream from a ByteReader, so what it keeps is the stored data.
type recorder struct {
	r   *bufio.Reader
	buf bytes.Buffer
}

func (r *recorder) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	r.buf.Write(p[:n])
	return n, err
}

func (r *recorder) ReadByte() (byte, error) {
	b, err := r.r.ReadByte()
	if err == nil {
		r.buf.WriteByte(b)
	}
	return b, err
}
