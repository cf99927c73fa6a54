#pragma once

// The visibility rule of store/sqlite/visibility.hpp in PostgreSQL's placeholders: published
// and due (docs/design.md "Import and export format"). `now`, in Unix seconds, is always $1.
#define GP_PG_VISIBLE "status = 'published' AND published_at <= $1"
