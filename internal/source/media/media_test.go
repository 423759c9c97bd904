package media

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
)

// png is the start of a PNG file, enough for content sniffing.
var png = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")

func TestResolveLocal(t *testing.T) {
	local := fstest.MapFS{
		"wp-content/uploads/2018/06/lake.jpg": {Data: []byte("jpg")},
		"2019/01/tree.png":                    {Data: png},
		"only-name.gif":                       {Data: []byte("gif")},
	}
	lib := NewLibrary(local, Fetch{})
	tests := []struct {
		src, want string
		ok        bool
	}{
		{"https://blog.example/wp-content/uploads/2018/06/lake.jpg", "wp-content/uploads/2018/06/lake.jpg", true},
		{"https://blog.example/wp-content/uploads/2018/06/lake-300x200.jpg", "wp-content/uploads/2018/06/lake.jpg", true},
		{"http://blog.example/wp-content/uploads/2019/01/tree.png?w=640", "2019/01/tree.png", true},
		{"/files/only-name.gif", "only-name.gif", true},
		{"https://elsewhere.example/missing.jpg", "", false},
		{"data:image/png;base64,AAAA", "", false},
		{"ftp://blog.example/2019/01/tree.png", "", false},
		{"https://blog.example/../../etc/passwd", "", false},
	}
	for _, tt := range tests {
		got, ok := lib.Resolve(context.Background(), tt.src, nil)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Resolve(%q) = %q, %v; want %q, %v", tt.src, got, ok, tt.want, tt.ok)
		}
	}
}

func TestResolveFetch(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/img/ok.png", func(w http.ResponseWriter, r *http.Request) { w.Write(png) })
	mux.HandleFunc("/img/big.png", func(w http.ResponseWriter, r *http.Request) { w.Write(append(png, bytes.Repeat([]byte{0}, 2000)...)) })
	mux.HandleFunc("/img/page.png", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "<html><body>nope</body></html>") })
	mux.HandleFunc("/img/gone.png", http.NotFound)
	mux.HandleFunc("/img/redirect.png", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "file:///etc/passwd", http.StatusFound)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	var warnings []string
	warn := func(f string, a ...any) { warnings = append(warnings, fmt.Sprintf(f, a...)) }
	lib := NewLibrary(nil, Fetch{Enabled: true, MaxBytes: 1000, Client: srv.Client()})
	name, ok := lib.Resolve(context.Background(), srv.URL+"/img/ok.png", warn)
	if !ok || !strings.HasPrefix(name, "fetched/") || !strings.HasSuffix(name, ".png") {
		t.Fatalf("Resolve(ok.png) = %q, %v (warnings %q)", name, ok, warnings)
	}
	data, err := fs.ReadFile(lib.FS(), name)
	if err != nil || !bytes.Equal(data, png) {
		t.Errorf("ReadFile(%q) = %q, %v", name, data, err)
	}
	again, _ := NewLibrary(nil, Fetch{Enabled: true, Client: srv.Client()}).Resolve(context.Background(), srv.URL+"/img/ok.png", warn)
	if again != name {
		t.Errorf("names differ between runs: %q and %q", name, again)
	}
	for _, bad := range []string{"big.png", "page.png", "gone.png", "redirect.png"} {
		warnings = nil
		if name, ok := lib.Resolve(context.Background(), srv.URL+"/img/"+bad, warn); ok {
			t.Errorf("Resolve(%s) = %q, want failure", bad, name)
		}
		if len(warnings) != 1 {
			t.Errorf("Resolve(%s) warnings = %q, want one", bad, warnings)
		}
	}
	off := NewLibrary(nil, Fetch{})
	if _, ok := off.Resolve(context.Background(), srv.URL+"/img/ok.png", warn); ok {
		t.Error("fetched although fetching is off")
	}
}
