// Package aws collects the configuration of live AWS accounts into the canonical inventory.
package aws
