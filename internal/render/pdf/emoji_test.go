package pdf

import (
	"bytes"
	"image/png"
	"testing"
)

// TestEmojiRows cuts one emoji of every row of the sprite sheet: each row
// the index names is there, and its cells are whole 64 px images that are
// not blank.
func TestEmojiRows(t *testing.T) {
	cells, err := emojiCells()
	if err != nil {
		t.Fatal(err)
	}
	byRow := map[int]string{}
	for key, c := range cells {
		if k, ok := byRow[c[1]]; !ok || key < k {
			byRow[c[1]] = key
		}
	}
	if len(byRow) != emojiSheetRows {
		t.Errorf("the index names %d rows, want %d", len(byRow), emojiSheetRows)
	}
	for row, key := range byRow {
		data, err := emojiPNG(key)
		if err != nil {
			t.Fatalf("row %d, %s: %v", row, key, err)
		}
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("row %d, %s: %v", row, key, err)
		}
		if b := img.Bounds(); b.Dx() != emojiCell || b.Dy() != emojiCell {
			t.Fatalf("row %d, %s: %v, want %d px square", row, key, b, emojiCell)
		}
		inked := false
		for y := 0; y < emojiCell && !inked; y++ {
			for x := 0; x < emojiCell; x++ {
				if _, _, _, a := img.At(x, y).RGBA(); a > 0 {
					inked = true
					break
				}
			}
		}
		if !inked {
			t.Errorf("row %d, %s: the emoji is blank", row, key)
		}
	}
}
