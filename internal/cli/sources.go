package cli

import (
	"github.com/spf13/pflag"

	"github.com/anthology-book/anthology/internal/source"
)

// sourceFlags tune how sources are read: where the images of WordPress
// exports and feeds are, and whether images on the web may be downloaded.
type sourceFlags struct {
	media             string
	fetchImages       bool
	allowPrivateFetch bool
}

func (o *sourceFlags) addFlags(f *pflag.FlagSet) {
	f.StringVar(&o.media, "media", "", "folder holding the images of WordPress exports and feeds, e.g. a copy of wp-content/uploads (default: beside each export)")
	f.BoolVar(&o.fetchImages, "fetch-images", false, "download images found in no local folder (http and https only, 4 at a time, 30s timeout and 20 MB cap each, 2 minutes for all; local and private addresses refused); off by default, so a build never uses the network")
	f.BoolVar(&o.allowPrivateFetch, "allow-private-fetch", false, "with --fetch-images, also download from loopback, private and link-local addresses (e.g. a blog served on this machine)")
}

// apply sets what the flags say in src.
func (o *sourceFlags) apply(src *source.Options) {
	src.Media = o.media
	src.FetchImages = o.fetchImages
	src.Fetch.AllowPrivate = o.allowPrivateFetch
}
