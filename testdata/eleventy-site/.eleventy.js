module.exports = function (eleventyConfig) {
  eleventyConfig.addCollection("posts", (api) => api.getFilteredByGlob("./_posts/**/*.{md,html}"));
  return { markdownTemplateEngine: "liquid" };
};
