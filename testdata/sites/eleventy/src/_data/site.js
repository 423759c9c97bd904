module.exports = { title: 'code, not data' };
