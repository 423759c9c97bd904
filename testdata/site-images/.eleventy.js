// An Eleventy configuration written for anthology's tests: the images
// folder is served at the site's root by an image plugin, media/ by a
// passthrough copy.
module.exports = function (eleventyConfig) {
  eleventyConfig.addPassthroughCopy('src/media')
  eleventyConfig.addPassthroughCopy({ 'src/images/diagram.png': '/figures/diagram.png' })
  return { dir: { input: 'src', output: 'dist' } }
}
