#pragma once

// The visibility rule of store/sqlite/visibility.hpp in PostgreSQL's placeholders: published
// and due (DESIGN.md §2). `now`, in Unix seconds, is always parameter $1.
#define GP_PG_VISIBLE "status = 'published' AND published_at <= $1"
