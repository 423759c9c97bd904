package media

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Defaults for fetching remote images.
const (
	DefaultTimeout  = 30 * time.Second // per image
	DefaultMaxBytes = 20 << 20         // per image
	DefaultDeadline = 2 * time.Minute  // for all the images of a build
	DefaultParallel = 4                // downloads at once
	maxRedirects    = 5
)

// Fetch tunes how remote images are fetched. The zero value fetches
// nothing.
type Fetch struct {
	Enabled bool
	// AllowPrivate lets images be fetched from loopback, private,
	// link-local and other addresses that are not the public internet's
	// (--allow-private-fetch). Without it such an address is refused
	// where the connection is made, for the first request and every
	// redirect alike.
	AllowPrivate bool
	Timeout      time.Duration // per image; DefaultTimeout when zero
	MaxBytes     int64         // per image; DefaultMaxBytes when zero
	Deadline     time.Duration // for all images; DefaultDeadline when zero
	Parallel     int           // downloads at once; DefaultParallel when zero
}

// Fetcher downloads images over http and https, for every source: each
// address once, a few at a time, each within its timeout and all within
// one deadline. It is safe for concurrent use.
type Fetcher struct {
	opts   Fetch
	client *http.Client
	// check refuses a connection to an address; a test replaces it.
	check func(netip.AddrPort) error

	mu    sync.Mutex
	start time.Time // of the first download, when the deadline starts
}

// NewFetcher returns a fetcher tuned by opts.
func NewFetcher(opts Fetch) *Fetcher {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = DefaultMaxBytes
	}
	if opts.Deadline <= 0 {
		opts.Deadline = DefaultDeadline
	}
	if opts.Parallel <= 0 {
		opts.Parallel = DefaultParallel
	}
	f := &Fetcher{opts: opts, check: refusePrivate}
	if opts.AllowPrivate {
		f.check = func(netip.AddrPort) error { return nil }
	}
	dialer := &net.Dialer{Timeout: opts.Timeout, Control: f.control}
	f.client = &http.Client{
		Timeout: opts.Timeout,
		Transport: &http.Transport{
			// No proxy: the address checked must be the one connected to.
			Proxy:               nil,
			DialContext:         dialer.DialContext,
			TLSHandshakeTimeout: opts.Timeout,
			MaxIdleConnsPerHost: opts.Parallel,
		},
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return fmt.Errorf("redirect to %s: only http and https are fetched", req.URL.Scheme)
			}
			if len(via) >= maxRedirects {
				return errors.New("too many redirects")
			}
			return nil
		},
	}
	return f
}

// control runs on the resolved address of every connection, so that
// neither a host name nor a redirect can lead to a refused address.
func (f *Fetcher) control(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("address %q: %w", address, err)
	}
	return f.check(ap)
}

// refused are the ranges of addresses that are not the public internet's
// besides those netip names: "this network", shared address space (carrier
// NAT), benchmarking and the IPv4 broadcast.
var refused = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("198.18.0.0/15"),
	netip.MustParsePrefix("255.255.255.255/32"),
}

// refusePrivate refuses loopback, private, link-local, unspecified and
// multicast addresses.
func refusePrivate(ap netip.AddrPort) error {
	ip := ap.Addr().Unmap()
	bad := ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsInterfaceLocalMulticast() || ip.IsMulticast() || ip.IsUnspecified()
	for _, p := range refused {
		bad = bad || p.Contains(ip)
	}
	if bad {
		return &RefusedError{Addr: ip}
	}
	return nil
}

// RefusedError is a connection refused for its address.
type RefusedError struct{ Addr netip.Addr }

func (e *RefusedError) Error() string {
	return fmt.Sprintf("%s is a local or private address, refused without --allow-private-fetch", e.Addr)
}

// GetAll downloads the images at urls, DefaultParallel at a time, and
// returns for each its bytes or why it has none. Downloads still running
// at the deadline fail.
func (f *Fetcher) GetAll(ctx context.Context, urls []string) ([][]byte, []error) {
	data := make([][]byte, len(urls))
	errs := make([]error, len(urls))
	ctx, cancel := context.WithDeadline(ctx, f.deadline())
	defer cancel()
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(f.opts.Parallel, len(urls)) {
		wg.Go(func() {
			for i := range next {
				data[i], errs[i] = f.get(ctx, urls[i])
			}
		})
	}
	for i := range urls {
		next <- i
	}
	close(next)
	wg.Wait()
	return data, errs
}

// deadline is when every download must be done: Deadline after the first.
func (f *Fetcher) deadline() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.start.IsZero() {
		f.start = time.Now()
	}
	return f.start.Add(f.opts.Deadline)
}

var errTooLarge = errors.New("too large")

// get downloads one image into memory.
func (f *Fetcher) get(ctx context.Context, raw string) ([]byte, error) {
	if err := ctx.Err(); errors.Is(err, context.DeadlineExceeded) {
		return nil, fmt.Errorf("the %v allowed for all downloads has passed", f.opts.Deadline)
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, errors.New("only http and https addresses are fetched")
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	resp, err := f.client.Do(req)
	if err != nil {
		var refused *RefusedError
		if errors.As(err, &refused) {
			return nil, refused
		}
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // the address is in the message already
		}
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("server answered %s", resp.Status)
	}
	limit := f.opts.MaxBytes
	if resp.ContentLength > limit {
		return nil, fmt.Errorf("%w: %d bytes, more than %d", errTooLarge, resp.ContentLength, limit)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%w: more than %d bytes", errTooLarge, limit)
	}
	if ct := http.DetectContentType(data); !strings.HasPrefix(ct, "image/") && !strings.HasPrefix(resp.Header.Get("Content-Type"), "image/") {
		return nil, fmt.Errorf("not an image (%s)", ct)
	}
	return data, nil
}
