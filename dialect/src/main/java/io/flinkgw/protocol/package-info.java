/**
 * The vocabulary the gateway and the flinkgw driver share beside Avatica's protocol: the side
 * endpoints' paths and parameters ({@link io.flinkgw.protocol.SidePaths}), their JSON bodies
 * ({@link io.flinkgw.protocol.FlatJson}, {@link io.flinkgw.protocol.ErrorBody}), parameter
 * declarations ({@link io.flinkgw.protocol.ParameterDeclaration}) and the binary frame format
 * ({@link io.flinkgw.protocol.BinaryFrame}). It depends on the JDK alone: the driver's shaded jar
 * carries this package and nothing else of the dialect module.
 */
package io.flinkgw.protocol;
