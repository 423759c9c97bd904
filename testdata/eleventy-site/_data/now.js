module.exports = () => new Date().toISOString();
