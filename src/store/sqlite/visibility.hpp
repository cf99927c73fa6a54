#pragma once

// The visibility rule in one place, for every query that shows articles to readers: published
// and due (docs/design.md "Import and export format"; scheduled articles turn visible by
// themselves). Binds one parameter, `now` in Unix seconds. A macro so that it joins string literals
// at compile time.
#define GP_VISIBLE "status = 'published' AND published_at <= ?"
