// Stands in for @aws-sdk/client-dynamodb inside the meeting-join handler bundle: the client is in
// aws-sdk/index.js beside the bundle, loaded when the call flow first needs it.
module.exports = require(`${__dirname}/aws-sdk`).dynamodb;
