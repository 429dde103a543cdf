//go:build !(linux && cgo)

package main

// trimCHeap does nothing where the C heap is not glibc's.
func trimCHeap() {}
