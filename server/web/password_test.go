package web_test

import (
	"errors"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/motcua-kiosk/motcua/server/web"
)

func TestHashPassword(t *testing.T) {
	h, err := web.HashPassword("mật khẩu dài đủ", 1000)
	if err != nil {
		t.Fatal(err)
	}
	h2, _ := web.HashPassword("mật khẩu dài đủ", 1000)
	if h == h2 {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
	if !strings.HasPrefix(h, "pbkdf2-sha256$1000$") {
		t.Errorf("hash %q does not say its scheme and iterations", h)
	}
	if _, err := web.HashPassword("ngắn", 1000); !errors.Is(err, web.ErrWeakPassword) {
		t.Errorf("short password: err = %v, want ErrWeakPassword", err)
	}
	tests := []struct {
		name, hash, password string
		want                 bool
	}{
		{"right", h, "mật khẩu dài đủ", true},
		{"wrong", h, "mật khẩu dài đủ!", false},
		{"decomposed spelling", h, norm.NFD.String("mật khẩu dài đủ"), true}, // Vietnamese input methods differ
		{"empty", h, "", false},
		{"malformed", "pbkdf2-sha256$x$y", "mật khẩu dài đủ", false},
		{"other scheme", strings.Replace(h, "pbkdf2-sha256", "md5", 1), "mật khẩu dài đủ", false},
		{"huge iterations refused", "pbkdf2-sha256$999999999$AAAA$AAAA", "x", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := web.CheckPassword(tc.hash, tc.password); got != tc.want {
				t.Errorf("CheckPassword = %v, want %v", got, tc.want)
			}
		})
	}
}
