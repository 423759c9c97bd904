package build

import "testing"

// TestDefaultTitle names a book after its source, or after the folder
// above a source whose name says only where posts are kept.
func TestDefaultTitle(t *testing.T) {
	tests := []struct{ src, want string }{
		{"/blogs/slow-roads", "Slow Roads"},
		{"/blogs/made-mistakes/src", "Made Mistakes"},
		{"/blogs/wezm.net/v2/", "Wezm"},
		{"/blogs/alpine_notes/feeds/atom.xml", "Feeds"},
		{"/blogs/alpine_notes/atom.xml", "Alpine Notes"},
		{"/blogs/hugo-blog/public", "Hugo Blog"},
		{"/src", "Src"},
	}
	for _, tt := range tests {
		if got := DefaultTitle(tt.src); got != tt.want {
			t.Errorf("DefaultTitle(%q) = %q, want %q", tt.src, got, tt.want)
		}
	}
}
