#pragma once

#include <cstddef>
#include <span>
#include <string_view>

namespace gp::demo {

/// What a piece of demo text is about. Used as an index into Material::topics, so the order
/// here and the order of that table must stay in step.
enum class Topic {
    grading,
    filing,
    assessment,
    rectification,
    supervision,
    physical,
    network,
    boundary,
    computing,
    center,
    management,
    cloud,
    data,
    crypto,
    general,
};

inline constexpr std::size_t kTopicCount = static_cast<std::size_t>(Topic::general) + 1;

using Pool = std::span<const std::string_view>;

struct Subject {
    std::string_view name;
    /// Empty means "use the sector's keyword".
    std::string_view keyword;
};

struct Sector {
    std::string_view name;
    std::string_view keyword;
    Pool clients;
    std::span<const Subject> subjects;
};

/// A control point (or standard part) of GB/T 22239-2019 that titles and bodies can talk about.
struct Control {
    std::string_view name;
    Topic topic;
    std::string_view keyword;
};

/// Placeholders: {S} subject, {T} sector, {C} client, {O} organisation, {K} control,
/// {L} level numeral, {Y} year, {M} month, {X} related concept, {N} issue number.
/// A pattern that mentions {K} takes its topic from the control instead of `topic`.
struct TitleTemplate {
    std::string_view pattern;
    Topic topic;
};

struct TopicText {
    std::string_view keyword;
    Pool headings;
    Pool sentences;
    Pool list_items;
};

struct RequirementRow {
    std::string_view item;
    std::string_view requirement;
    std::string_view advice;
};

struct Finding {
    std::string_view control;
    std::string_view issue;
    std::string_view risk;
};

struct ServiceArticle {
    std::string_view category;
    std::string_view title;
    Topic topic;
};

/// All hand-written text the demo site is assembled from. Everything here was written for the
/// demo; none of it is quoted from a real publication.
struct Material {
    Pool keywords;
    Pool own_sources;
    Pool other_sources;
    Pool bulletin_sources;
    Pool source_domains;

    std::span<const Subject> generic_subjects;
    std::span<const Sector> sectors;
    std::span<const Control> controls;
    Pool national_orgs;
    Pool provinces;
    Pool province_orgs;
    Pool cities;
    Pool city_orgs;
    Pool concepts;

    std::span<const TopicText> topics;

    std::span<const TitleTemplate> policy_titles;
    std::span<const TitleTemplate> national_titles;
    std::span<const TitleTemplate> local_titles;
    std::span<const TitleTemplate> industry_titles;
    std::span<const TitleTemplate> knowledge_titles;
    std::span<const TitleTemplate> case_titles;
    std::span<const TitleTemplate> faq_titles;
    std::string_view faq_digest_title;
    std::span<const ServiceArticle> service_articles;

    Pool news_openers;
    Pool news_background;
    Pool news_requirements;
    Pool news_closing;
    Pool industry_openers;
    Pool industry_background;
    Pool news_headings_background;
    Pool news_headings_content;
    Pool news_headings_analysis;
    Pool news_headings_closing;
    Pool industry_headings_background;
    Pool industry_headings_content;
    Pool common_problems;

    Pool knowledge_headings_intro;
    Pool knowledge_headings_control;
    Pool knowledge_headings_problems;
    Pool knowledge_headings_advice;
    Pool knowledge_headings_closing;
    Pool knowledge_closing;

    Pool case_headings_problems;
    Pool case_openers;
    Pool case_background;
    Pool case_process;
    Pool case_advice;
    Pool case_results;
    Pool case_reflections;
    Pool case_steps;

    Pool faq_leads;
    Pool faq_tips;

    Pool service_sentences;
    Pool service_closing;
    Pool service_items;
    Pool service_steps;
    Pool service_deliverables;
    Pool service_headings_strengths;

    std::span<const RequirementRow> requirement_rows;
    std::span<const Finding> findings;

    Pool news_summaries;
    Pool industry_summaries;
    Pool knowledge_summaries;
    Pool case_summaries;
    Pool faq_summaries;
    Pool service_summaries;
};

/// The one shared instance; it only points at static storage, so references stay valid.
const Material& material();

/// Every body sentence the generator can draw from, for tests that check the pool's size.
std::size_t sentence_pool_size();

}  // namespace gp::demo
