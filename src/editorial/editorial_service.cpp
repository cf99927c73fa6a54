#include "editorial/editorial_service.hpp"

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>

#include "content/article_body.hpp"
#include "content/html_text.hpp"
#include "search/keyword_suggest.hpp"

namespace gp::editorial {
namespace {

using accounts::Permission;
using content::EditorialState;
using content::Errc;
using content::make_error;

constexpr std::size_t kMaxAutosaveBytes = content::kMaxBodyBytes + 64 * 1024;

std::optional<std::int64_t> parse_version(std::string_view s) {
    std::int64_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || p != s.data() + s.size() || v <= 0) return std::nullopt;
    return v;
}

bool may(const accounts::Principal& who, Permission p) { return accounts::allowed(who.role, p); }

}  // namespace

std::string_view step_name(Step step) {
    switch (step) {
        case Step::submit:
            return "submit";
        case Step::approve:
            return "approve";
        case Step::publish:
            return "publish";
        case Step::unpublish:
            return "unpublish";
        case Step::send_back:
            return "send_back";
        case Step::trash:
            return "trash";
        case Step::restore:
            return "restore";
    }
    return "";
}

EditorialService::EditorialService(Deps deps) : d_(std::move(deps)) {
    // The loader refuses less than 1; a service built some other way must not skip review.
    if (d_.reviews_required < 1) throw std::invalid_argument("reviews_required must be >= 1");
}

bool EditorialService::wrote(const content::EditorialArticle& a, std::string_view account) {
    return a.created_by == account ||
           std::find(a.writers.begin(), a.writers.end(), account) != a.writers.end();
}

std::size_t EditorialService::approvals(const content::EditorialArticle& a) {
    return static_cast<std::size_t>(
        std::count_if(a.approved_by.begin(), a.approved_by.end(),
                      [&](const std::string& name) { return !name.empty() && !wrote(a, name); }));
}

bool EditorialService::category_exists(std::int64_t id) const {
    const auto all = d_.store.categories().list_categories();
    return std::any_of(all.begin(), all.end(), [&](const auto& c) { return c.id == id; });
}

content::AuditRecord EditorialService::record(const accounts::Principal& who,
                                              const accounts::Client& client, std::string event,
                                              std::int64_t id, std::string detail) const {
    auto r = d_.audit.make_record(&who, client, std::move(event), "success");
    r.object_type = "article";
    r.object_id = id ? std::to_string(id) : std::string{};
    r.detail = std::move(detail);
    return r;
}

void EditorialService::announce(std::int64_t id, const std::vector<std::int64_t>& categories,
                                const std::vector<std::string>& keywords) const {
    if (!d_.changed) return;
    std::vector<content::ContentChange> changes;
    for (auto c : categories) {
        content::ContentChange change;
        change.article_id = id;
        change.category_id = c;
        changes.push_back(change);
    }
    for (const auto& k : keywords) {
        content::ContentChange change;
        change.article_id = id;
        change.keyword = k;
        changes.push_back(change);
    }
    d_.changed(changes);
}

content::Result<std::int64_t> EditorialService::create(const accounts::Principal& who,
                                                       const accounts::Client& client,
                                                       const ArticleInput& input) {
    auto fields =
        read_article(input, d_.zone, [this](std::int64_t id) { return category_exists(id); });
    if (!fields) return fields.error();
    try {
        const auto id = d_.store.editorial().create_article(
            *fields, who.account.name, d_.clock(), input.reason,
            {record(who, client, "article.create", 0, fields->title)});
        announce(id, {fields->category_id}, fields->keywords);
        return id;
    } catch (const store::AuditWriteFailed& e) {
        // The change and its audit record are one transaction: neither was written.
        return accounts::audit_refusal(client, e);
    }
}

content::Result<void> EditorialService::save(const accounts::Principal& who,
                                             const accounts::Client& client, std::int64_t id,
                                             const ArticleInput& input) {
    const auto version = parse_version(input.version);
    if (!version) return make_error(Errc::bad_request, "err_version", "version");
    auto fields =
        read_article(input, d_.zone, [this](std::int64_t c) { return category_exists(c); });
    if (!fields) return fields.error();
    return write_fields(who, client, id,
                        {std::move(*fields), *version, input.reason, "article.save", ""});
}

content::Result<void> EditorialService::write_fields(const accounts::Principal& who,
                                                     const accounts::Client& client,
                                                     std::int64_t id, FieldsWrite w) {
    std::optional<content::Error> refused;
    content::ArticleFields before;
    try {
        const auto result = d_.store.editorial().update_article(
            id, who.account.name, d_.clock(),
            [&](const content::EditorialArticle& a) -> std::optional<store::EditorialWrite> {
                if (a.state == EditorialState::trash) {
                    refused = make_error(Errc::conflict, "err_trashed");
                } else if (w.version && a.version != *w.version) {
                    refused = make_error(Errc::conflict, "err_stale",
                                         "version " + std::to_string(*w.version) + " of " +
                                             std::to_string(a.version));
                } else if (a.state == EditorialState::published &&
                           !may(who, Permission::articles_publish)) {
                    refused = make_error(Errc::forbidden, "err_published_edit");
                }
                if (refused) return std::nullopt;
                before = a.fields;
                auto fields = w.fields;
                // A published article keeps its time when the field is left empty.
                if (a.state == EditorialState::published &&
                    fields.published_at == content::kPublishOnApproval) {
                    fields.published_at = a.fields.published_at;
                }
                store::EditorialWrite write;
                write.fields = std::move(fields);
                write.reason = w.reason;
                write.drop_autosave = true;
                write.audit.push_back(record(
                    who, client, w.event, id,
                    w.detail.empty() ? "version " + std::to_string(a.version + 1) : w.detail));
                return write;
            });
        if (result == store::EditorialResult::not_found) {
            return make_error(Errc::not_found, "err_no_article");
        }
    } catch (const store::AuditWriteFailed& e) {
        // The change and its audit record are one transaction: neither was written.
        return accounts::audit_refusal(client, e);
    }
    if (refused) return *refused;
    auto keywords = before.keywords;
    keywords.insert(keywords.end(), w.fields.keywords.begin(), w.fields.keywords.end());
    announce(id, {before.category_id, w.fields.category_id}, keywords);
    return {};
}

content::Result<void> EditorialService::step(const accounts::Principal& who,
                                             const accounts::Client& client, std::int64_t id,
                                             Step step, std::string_view version_text) {
    std::optional<std::int64_t> version;
    // An approval vouches for one text: the reviewer's form names the version they read.
    if (!version_text.empty() || step == Step::approve) {
        version = parse_version(version_text);
        if (!version) return make_error(Errc::bad_request, "err_version", "version");
    }
    const auto now = d_.clock();
    std::optional<content::Error> refused;
    content::ArticleFields fields;
    try {
        const auto result = d_.store.editorial().update_article(
            id, who.account.name, now,
            [&](const content::EditorialArticle& a) -> std::optional<store::EditorialWrite> {
                using enum EditorialState;
                const auto s = a.state;
                std::optional<EditorialState> to;
                std::string event = "article." + std::string(step_name(step));
                std::string detail;
                store::EditorialWrite w;
                const auto& me = who.account.name;
                const auto required = static_cast<std::size_t>(d_.reviews_required);
                switch (step) {
                    case Step::submit:
                        if (s == draft) to = review;
                        break;
                    case Step::approve:
                        if (s != review) break;
                        if (wrote(a, me)) {
                            refused = make_error(Errc::forbidden, "err_own_article",
                                                 "approve by a writer");
                            return std::nullopt;
                        }
                        if (std::find(a.approved_by.begin(), a.approved_by.end(), me) !=
                            a.approved_by.end()) {
                            refused = make_error(Errc::conflict, "err_already_approved");
                            return std::nullopt;
                        }
                        to = review;
                        w.approve = true;
                        detail = "approval " + std::to_string(approvals(a) + 1) + " of " +
                                 std::to_string(required);
                        break;
                    case Step::publish:
                        if (s == draft) {
                            refused = make_error(Errc::conflict, "err_not_reviewed",
                                                 "publish of a draft");
                            return std::nullopt;
                        }
                        if (s == review && wrote(a, me)) {
                            refused = make_error(Errc::forbidden, "err_own_article",
                                                 "publish by a writer");
                            return std::nullopt;
                        }
                        if (s == review && approvals(a) < required) {
                            refused = make_error(Errc::conflict, "err_needs_review",
                                                 std::to_string(approvals(a)) + " of " +
                                                     std::to_string(required) + " approvals");
                            return std::nullopt;
                        }
                        if (s == review) {
                            to = published;
                            detail = "approved by ";
                            for (std::size_t i = 0; i < a.approved_by.size(); ++i) {
                                detail += (i ? ", " : "") + a.approved_by[i];
                            }
                            detail += "; ";
                            if (a.fields.published_at == content::kPublishOnApproval) {
                                w.published_at = now;
                            } else if (a.fields.published_at > now) {
                                event = "article.schedule";
                            }
                        }
                        break;
                    case Step::unpublish:
                        if (s == published) to = draft;
                        break;
                    case Step::send_back:
                        if (s == review) to = draft;
                        break;
                    case Step::trash:
                        if (s != trash) to = trash;
                        // Taking a published article off the site is a publisher's call.
                        if (s == published && !may(who, Permission::articles_publish)) {
                            refused = make_error(Errc::forbidden, "err_forbidden");
                            return std::nullopt;
                        }
                        break;
                    case Step::restore:
                        if (s == trash) to = draft;
                        break;
                }
                if (!to) {
                    refused = make_error(Errc::conflict, "err_state",
                                         std::string(content::state_name(s)));
                    return std::nullopt;
                }
                if (version && *version != a.version) {
                    refused = make_error(Errc::conflict, "err_stale");
                    return std::nullopt;
                }
                fields = a.fields;
                w.state = to;
                w.audit.push_back(record(who, client, event, id,
                                         detail + std::string(content::state_name(s)) + " -> " +
                                             std::string(content::state_name(*to))));
                return w;
            });
        if (result == store::EditorialResult::not_found) {
            return make_error(Errc::not_found, "err_no_article");
        }
    } catch (const store::AuditWriteFailed& e) {
        // The change and its audit record are one transaction: neither was written.
        return accounts::audit_refusal(client, e);
    }
    if (refused) return *refused;
    // An approval changes nothing a reader sees.
    if (step != Step::approve) announce(id, {fields.category_id}, fields.keywords);
    return {};
}

content::Result<void> EditorialService::restore_revision(const accounts::Principal& who,
                                                         const accounts::Client& client,
                                                         std::int64_t id, std::int64_t revision_id,
                                                         std::string_view reason) {
    if (content::utf8_length(reason) > kMaxReason) {
        return make_error(Errc::bad_request, "err_reason", "reason");
    }
    auto revision = d_.store.editorial().find_revision(id, revision_id);
    if (!revision) return make_error(Errc::not_found, "err_no_revision");
    if (!category_exists(revision->fields.category_id)) {
        return make_error(Errc::conflict, "err_category");
    }
    return write_fields(who, client, id,
                        {revision->fields, std::nullopt,
                         "#" + std::to_string(revision->version) +
                             (reason.empty() ? std::string{} : " " + std::string(reason)),
                         "article.revision_restore", "revision " + std::to_string(revision_id)});
}

content::Result<AutosaveResult> EditorialService::autosave(const accounts::Principal& who,
                                                           const accounts::Client& client,
                                                           std::optional<std::int64_t> id,
                                                           std::string_view json) {
    if (json.size() > kMaxAutosaveBytes) {
        return make_error(Errc::payload_too_large, "err_body_size");
    }
    const auto doc = nlohmann::json::parse(json, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) return make_error(Errc::bad_request, "err_json");
    ArticleInput input;
    for (const auto& [key, value] : doc.items()) {
        auto* slot = input.field(key);
        if (!slot) return make_error(Errc::bad_request, "err_json", "field " + key);
        if (value.is_string()) {
            *slot = value.get<std::string>();
        } else if (value.is_number_integer()) {
            *slot = std::to_string(value.get<std::int64_t>());
        } else {
            return make_error(Errc::bad_request, "err_json", "field " + key);
        }
        if (!content::is_valid_utf8(*slot)) return make_error(Errc::bad_request, "err_json");
    }
    const auto now = d_.clock();
    AutosaveResult out;
    out.at = now;
    try {
        if (!id) {
            // The first autosave of a new article creates its draft, so later ones have an id.
            if (input.title.find_first_not_of(" \t\r\n") == std::string::npos) {
                input.title = "未命名草稿";
            }
            std::int64_t category = 0;
            auto [p, ec] = std::from_chars(input.category.data(),
                                           input.category.data() + input.category.size(), category);
            if (ec != std::errc{} || !category_exists(category)) {
                const auto all = d_.store.categories().list_categories();
                if (all.empty()) return make_error(Errc::bad_request, "err_category");
                input.category = std::to_string(all.front().id);
            }
            if (input.reason.empty()) input.reason = "自动保存";
            auto fields =
                read_article(input, d_.zone, [this](std::int64_t c) { return category_exists(c); });
            if (!fields) return fields.error();
            out.id = d_.store.editorial().create_article(
                *fields, who.account.name, now, input.reason,
                {record(who, client, "article.create", 0, "autosave")});
            out.version = 1;
            out.created = true;
            announce(out.id, {fields->category_id}, fields->keywords);
            return out;
        }
        const auto article = d_.store.editorial().find_editorial(*id);
        if (!article) return make_error(Errc::not_found, "err_no_article");
        if (article->state == EditorialState::trash) {
            return make_error(Errc::conflict, "err_trashed");
        }
        content::Autosave a;
        a.article_id = *id;
        a.base_version = parse_version(input.version).value_or(article->version);
        a.at = now;
        a.account_name = who.account.name;
        a.fields_json = doc.dump();
        if (!d_.store.editorial().put_autosave(
                a, record(who, client, "article.autosave", *id,
                          "base version " + std::to_string(a.base_version)))) {
            return make_error(Errc::not_found, "err_no_article");
        }
        out.id = *id;
        out.version = article->version;
        return out;
    } catch (const store::AuditWriteFailed& e) {
        // The change and its audit record are one transaction: neither was written.
        return accounts::audit_refusal(client, e);
    }
}

std::vector<std::string> EditorialService::suggest_keywords(std::string_view text,
                                                            std::size_t limit) const {
    std::vector<std::vector<std::string>> groups;
    for (const auto& group : d_.store.synonyms().list_synonyms()) {
        std::vector<std::string> folded;
        folded.reserve(group.size());
        for (const auto& term : group) folded.push_back(folder_.fold_string(term));
        groups.push_back(std::move(folded));
    }
    const search::Vocabulary vocabulary(groups, 0);
    return search::suggest_keywords(segmenter_, vocabulary, text, limit);
}

}  // namespace gp::editorial
