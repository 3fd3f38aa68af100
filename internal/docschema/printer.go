package docschema

import (
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// printer renders the schema library's messages in English.
var printer = message.NewPrinter(language.English)
