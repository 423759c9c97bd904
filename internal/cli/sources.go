package cli

import (
	"github.com/spf13/pflag"
)

// sourceFlags tune how WordPress exports and feeds are read: where their
// images are, and whether remote ones may be downloaded.
type sourceFlags struct {
	media       string
	fetchImages bool
}

func (o *sourceFlags) addFlags(f *pflag.FlagSet) {
	f.StringVar(&o.media, "media", "", "folder holding the images of WordPress exports and feeds, e.g. a copy of wp-content/uploads (default: beside each export)")
	f.BoolVar(&o.fetchImages, "fetch-images", false, "download images found in no local folder (http and https only, 30s timeout, 20 MB cap each); off by default, so a build never uses the network")
}
