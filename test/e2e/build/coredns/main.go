// Command coredns is CoreDNS with the k8s_gateway plugin compiled in, the same
// way k8s_gateway's own cmd/ does it: the plugin takes the place of the
// in-tree "kubernetes"/"k8s_external" plugins in the directive order.
package main

import (
	"fmt"

	"github.com/coredns/caddy"
	"github.com/coredns/coredns/core/dnsserver"
	"github.com/coredns/coredns/coremain"
	_ "github.com/ori-edge/k8s_gateway" // registers the "k8s_gateway" plugin

	// A subset of the in-tree plugins (core/plugin imports all of them, and the
	// trace plugin's DataDog dependency pulls inet.af/netaddr, which the module
	// proxy refuses).
	_ "github.com/coredns/coredns/plugin/any"
	_ "github.com/coredns/coredns/plugin/bind"
	_ "github.com/coredns/coredns/plugin/bufsize"
	_ "github.com/coredns/coredns/plugin/cache"
	_ "github.com/coredns/coredns/plugin/cancel"
	_ "github.com/coredns/coredns/plugin/chaos"
	_ "github.com/coredns/coredns/plugin/debug"
	_ "github.com/coredns/coredns/plugin/errors"
	_ "github.com/coredns/coredns/plugin/file"
	_ "github.com/coredns/coredns/plugin/forward"
	_ "github.com/coredns/coredns/plugin/header"
	_ "github.com/coredns/coredns/plugin/health"
	_ "github.com/coredns/coredns/plugin/hosts"
	_ "github.com/coredns/coredns/plugin/loadbalance"
	_ "github.com/coredns/coredns/plugin/local"
	_ "github.com/coredns/coredns/plugin/log"
	_ "github.com/coredns/coredns/plugin/metadata"
	_ "github.com/coredns/coredns/plugin/minimal"
	_ "github.com/coredns/coredns/plugin/nsid"
	_ "github.com/coredns/coredns/plugin/ready"
	_ "github.com/coredns/coredns/plugin/reload"
	_ "github.com/coredns/coredns/plugin/rewrite"
	_ "github.com/coredns/coredns/plugin/root"
	_ "github.com/coredns/coredns/plugin/template"
	_ "github.com/coredns/coredns/plugin/timeouts"
	_ "github.com/coredns/coredns/plugin/tls"
	_ "github.com/coredns/coredns/plugin/whoami"
)

// pluginVersion is the k8s_gateway module version pinned in go.mod.
const pluginVersion = "0.4.0"

var dropPlugins = map[string]bool{"kubernetes": true, "k8s_external": true}

func init() {
	directives := make([]string, 0, len(dnsserver.Directives))
	added := false
	for _, name := range dnsserver.Directives {
		if dropPlugins[name] {
			if !added {
				directives = append(directives, "k8s_gateway")
				added = true
			}
			continue
		}
		directives = append(directives, name)
	}
	dnsserver.Directives = directives
}

func main() {
	caddy.AppVersion = fmt.Sprintf("%s+k8s_gateway-%s", coremain.CoreVersion, pluginVersion)
	coremain.Run()
}
