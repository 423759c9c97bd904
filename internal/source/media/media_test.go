package media

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"
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
		{"https://elsewhere.example/missing.jpg", "https://elsewhere.example/missing.jpg", true},
		{"data:image/png;base64,AAAA", "data:image/png;base64,AAAA", true},
		{"ftp://blog.example/2019/01/tree.png", "", false},
		{"https://blog.example/../../etc/passwd", "https://blog.example/../../etc/passwd", true},
	}
	for _, tt := range tests {
		got, ok := lib.Resolve(context.Background(), tt.src, nil)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Resolve(%q) = %q, %v; want %q, %v", tt.src, got, ok, tt.want, tt.ok)
		}
	}
}

func TestResolveLeavesRemoteToFetch(t *testing.T) {
	lib := NewLibrary(nil, Fetch{Enabled: true})
	if got, ok := lib.Resolve(context.Background(), "//blog.example/a.png", nil); !ok || got != "https://blog.example/a.png" {
		t.Errorf("Resolve = %q, %v; want the absolute address, left to the image stage", got, ok)
	}
	// Without fetching too: the image stage says why it is left out.
	if got, ok := NewLibrary(nil, Fetch{}).Resolve(context.Background(), "https://blog.example/a.png", nil); !ok || got != "https://blog.example/a.png" {
		t.Errorf("without fetching: Resolve = %q, %v; want the address kept", got, ok)
	}
}

func TestFetch(t *testing.T) {
	var hits atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("/img/ok.png", func(w http.ResponseWriter, r *http.Request) { hits.Add(1); w.Write(png) })
	mux.HandleFunc("/img/big.png", func(w http.ResponseWriter, r *http.Request) { w.Write(append(png, bytes.Repeat([]byte{0}, 2000)...)) })
	mux.HandleFunc("/img/page.png", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "<html><body>nope</body></html>") })
	mux.HandleFunc("/img/gone.png", http.NotFound)
	mux.HandleFunc("/img/file.png", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "file:///etc/passwd", http.StatusFound)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	urls := []string{srv.URL + "/img/ok.png", srv.URL + "/img/big.png", srv.URL + "/img/page.png", srv.URL + "/img/gone.png", srv.URL + "/img/file.png", "ftp://x/y.png"}
	data, errs := NewFetcher(Fetch{AllowPrivate: true, MaxBytes: 1000}).GetAll(context.Background(), urls)
	if errs[0] != nil || !bytes.Equal(data[0], png) {
		t.Errorf("ok.png: %q, %v", data[0], errs[0])
	}
	for i, want := range []string{"", "too large", "not an image", "404", "only http and https", "only http and https"} {
		if want != "" && (errs[i] == nil || !strings.Contains(errs[i].Error(), want)) {
			t.Errorf("%s: error %v, want %q", urls[i], errs[i], want)
		}
	}

	hits.Store(0)
	_, errs = NewFetcher(Fetch{}).GetAll(context.Background(), urls[:1])
	want := "127.0.0.1 is a local or private address, refused without --allow-private-fetch"
	if errs[0] == nil || errs[0].Error() != want || hits.Load() != 0 {
		t.Errorf("without --allow-private-fetch: %v and %d requests; want %q and none", errs[0], hits.Load(), want)
	}
}

// TestFetchRedirectChecked serves a public address and a local one, both
// on this machine: the dialer guard takes the first port for public. A
// redirect from it to the other is refused, and the other sees nothing.
func TestFetchRedirectChecked(t *testing.T) {
	var private atomic.Int32
	inside := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { private.Add(1); w.Write(png) }))
	defer inside.Close()
	outside := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, strings.Replace(inside.URL, "127.0.0.1", "localhost", 1)+"/secret.png", http.StatusFound)
	}))
	defer outside.Close()
	public := netip.MustParseAddrPort(strings.TrimPrefix(outside.URL, "http://"))

	f := NewFetcher(Fetch{})
	f.check = func(ap netip.AddrPort) error {
		if ap == public {
			return nil
		}
		return refusePrivate(ap)
	}
	_, errs := f.GetAll(context.Background(), []string{outside.URL + "/a.png"})
	var refused *RefusedError
	if !errors.As(errs[0], &refused) || private.Load() != 0 {
		t.Errorf("redirect to a local address: %v, %d requests; want refused and none", errs[0], private.Load())
	}
}

func TestRefusePrivate(t *testing.T) {
	tests := []struct {
		addr string
		ok   bool
	}{
		{"93.184.215.14:443", true},
		{"[2606:2800:21f:cb07:6820:80da:af6b:8b2c]:443", true},
		{"127.0.0.1:80", false},
		{"127.8.9.10:80", false},
		{"[::1]:80", false},
		{"10.1.2.3:80", false},
		{"172.16.0.1:80", false},
		{"192.168.1.1:80", false},
		{"169.254.169.254:80", false},
		{"[fe80::1]:80", false},
		{"[fd00::1]:80", false},
		{"0.0.0.0:80", false},
		{"[::]:80", false},
		{"224.0.0.1:80", false},
		{"[ff02::1]:80", false},
		{"100.64.0.1:80", false},
		{"255.255.255.255:80", false},
		{"[::ffff:127.0.0.1]:80", false},
		{"[::ffff:10.0.0.1]:80", false},
	}
	for _, tt := range tests {
		err := refusePrivate(netip.MustParseAddrPort(tt.addr))
		if (err == nil) != tt.ok {
			t.Errorf("refusePrivate(%s) = %v, want ok %v", tt.addr, err, tt.ok)
		}
	}
}

func TestFetchParallelAndDeadline(t *testing.T) {
	var now, most atomic.Int32
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := now.Add(1)
		defer now.Add(-1)
		for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
		}
		if r.URL.Path == "/slow.png" {
			<-release
		}
		time.Sleep(30 * time.Millisecond) // long enough for the others to start
		w.Write(png)
	}))
	defer srv.Close()
	defer close(release)
	var urls []string
	for i := range 12 {
		urls = append(urls, fmt.Sprintf("%s/%d.png", srv.URL, i))
	}
	_, errs := NewFetcher(Fetch{AllowPrivate: true}).GetAll(context.Background(), urls)
	for i, err := range errs {
		if err != nil {
			t.Errorf("%s: %v", urls[i], err)
		}
	}
	if m := most.Load(); m > DefaultParallel || m < 2 {
		t.Errorf("%d downloads at once, want 2 to %d", m, DefaultParallel)
	}

	start := time.Now()
	_, errs = NewFetcher(Fetch{AllowPrivate: true, Deadline: 200 * time.Millisecond}).GetAll(context.Background(), []string{srv.URL + "/slow.png", srv.URL + "/slow.png?2"})
	if took := time.Since(start); took > 5*time.Second || errs[0] == nil || errs[1] == nil {
		t.Errorf("deadline: took %v, errors %v", took, errs)
	}
}
